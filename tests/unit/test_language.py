import pytest

from careflow.language import is_english


@pytest.mark.parametrize(
    "text",
    [
        "Please refill my metformin prescription at the pharmacy on Main Street.",
        "cant breathe, lips going blue",
        "Pt c/o SOB x2d, BP 90/60, HR 118, SpO2 88% RA. Hx CHF, COPD.",
        "Res Evelyn Marsh - vitals change - need callback. Night nurse, Oak Terrace SNF.",
        "my mom tiene dolor de pecho since this morning and she is sweating, what do I do?",
        "Dear Dr. Ruiz, la clinica said to write in English, so here it is: my son has a fever of 104.",
        "",
    ],
)
def test_english_short_telegraphic_and_mixed_messages_are_english(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Buenas noches. Anoche mi esposo me apretó el cuello con las dos manos hasta que me desmayé.",
        "Boa noite. Meu namorado ficou nervoso de novo ontem e eu bati a cabeça. Hoje estou com muito sono.",
        "Bonjour, je suis touriste. Hier soir, dans un bar, un homme m'a offert un verre et après je suis tombée.",
        "bonjou, manman m 52 an, li te gen yon tèt fè mal toudenkou 30 minit pase, li di li pa ka wè byen",
        "Hello po, sorry po sa abala. Yung asawa ko po lasing na naman, may baril po siya sa cabinet.",
        "Chồng tôi tối qua lại làm như lần trước. Hôm nay tôi nói không ra tiếng, nuốt nước cũng đau.",
        "Dzień dobry. Mój syn wrócił od ojca z oparzeniem na dłoni. Czy mogę przyjść dzisiaj? Proszę o pomoc.",
        "Здравствуйте. Вчера вечером муж опять сорвался, и я ударилась головой о стену.",
        "السلام عليكم. أنا حامل في الشهر السادس والآن عندي نزيف خفيف وألم شديد في بطني",
        "你好，我换了新的保险卡，想更新一下资料。",
        "안녕하세요. 혈압약이 다 떨어져서 다시 처방 부탁드립니다.",
    ],
)
def test_messages_in_other_languages_and_scripts_are_not_english(text):
    assert not is_english(text)
