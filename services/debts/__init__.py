"""Debts: schuldhulpverlening and the Jongeren Perspectief Fonds, from help request to debt-free."""
