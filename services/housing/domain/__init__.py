"""The housing domain: pure rules; amounts in whole euros, as int."""
