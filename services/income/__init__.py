"""Income: bijstand (Participatiewet), the search period, allowances, income from work."""
