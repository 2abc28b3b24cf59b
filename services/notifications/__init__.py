"""The notification bridge: webhooks carrying the domains' CloudEvents to integrators."""
