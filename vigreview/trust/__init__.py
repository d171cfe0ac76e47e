"""Who may see and do what: accounts, secrets, lockouts, the network check, the hand-over to a
parent, the audit history.
"""
