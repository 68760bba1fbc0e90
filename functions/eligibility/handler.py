from careflow import steps
from careflow.lambda_step import step_handler

handler = step_handler("eligibility", steps.eligibility_step)
