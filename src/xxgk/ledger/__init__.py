"""The agency's disclosure ledger: applications and their events, the statutory clock
in Chinese working days, and the year's report computed from the cases."""
