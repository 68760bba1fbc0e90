from careflow import steps
from careflow.lambda_step import step_handler

handler = step_handler("checkpoint", steps.checkpoint_step)
