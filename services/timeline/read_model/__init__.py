"""The timeline's read model: what it keeps, its catalogue, access rules and queries.

The projection with the summary and the young people's facts and consents; the catalogue of
headlines and Dutch labels; the access rules; the queries the HTTP surfaces and the operator
commands run. The bottom ring: it imports none of them.
"""
