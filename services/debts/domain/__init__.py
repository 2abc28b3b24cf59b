"""The debts domain: pure rules of the trajectory; money in whole euros, as int."""
