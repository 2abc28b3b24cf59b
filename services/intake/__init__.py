"""Intake: referral, registration and the regie of the jongerenregisseur."""
