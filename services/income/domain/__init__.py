"""The income domain ring: pure rules of bijstand, search period and allowances."""
