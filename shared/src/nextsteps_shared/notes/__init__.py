"""What the owner wrote into an interview's notes: the next-steps timing and the outcome."""
