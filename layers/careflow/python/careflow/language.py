"""Whether a message is written in English: the red flags and the offline classifier read English only."""

from __future__ import annotations

import re

_ENGLISH_WORDS = """
the and is are was were be been being have has had do does did my your his her our their its it this that these those
with for of to in on at from by about into after before since until not but or if so can could will would should
what when where why how who which there here i you we they he she me him them us am please thank thanks
"""
# Frequent words of the languages US patients most often write in, leaving out those that are English words too
# ("no", "me", "a", "i", "he", "pa"): Spanish, Portuguese, French, Haitian Creole, Tagalog, Vietnamese, Polish,
# Italian, German.
_OTHER_WORDS = """
el la los las del que y un una por para con es mi su muy pero como está estoy tengo hola gracias necesito ayuda
qué cuando porque tiene hace desde ayer hoy anoche dolor esposo hijo hija
os da das dos em uma com não é meu minha estou tenho olá obrigado obrigada você ontem hoje muito mas dor
les des du et une pour avec pas est mon ma mes je suis bonjour merci vous il elle très hier ai
mwen li yo nan ak pou te gen sa manman
ang ng mga si ni po ko ako siya niya yung ay naman lang kasi nang
tôi của và có không là được cho với này
się jest że nie mój moja dzień dobry proszę bardzo czy mogę jego mam jestem
di che è sono non della
der die das und ist nicht ich mein meine sie mit bitte
"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_OTHER = frozenset(_OTHER_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+")


def is_english(text: str) -> bool:
    """False for text mostly in a script other than Latin, or whose frequent words are mostly another language's.

    Short or telegraphic English ("cant breathe, lips going blue", "Pt c/o SOB, BP 90/60") has few frequent words
    of either kind and stays English."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c < "\u0250" for c in letters) < len(letters) / 2:
        return False
    words = _WORD.findall(text.lower())
    english = sum(word in _ENGLISH for word in words)
    other = sum(word in _OTHER for word in words)
    return not (other >= 3 and other > 2 * english)
