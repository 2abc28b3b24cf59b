"""The released contracts of every service: committed snapshots, one file per type and version.

`<domain>/<kebab-name>.v<N>.json` holds the JSON Schema of `data` at version N and, from
version 2, the upcaster from N-1. Readers load them at run time
(shared/event_contracts/released.py); `python -m contracts check` compares the code with them
and `release` writes new ones.

The documentation for integrators is generated here too: `python -m contracts.site` (`make
docs`) writes docs/ (HTML and, through `contracts.asyncapi`, each service's AsyncAPI document)
from what the services serve.
"""
