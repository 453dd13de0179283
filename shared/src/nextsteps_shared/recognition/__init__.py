"""Interview recognition: is an event a job interview in which the owner is the candidate?"""
