"""Table 二 counted from the agency's records: the catalogue, and the decisions, fees, 事项 and procurement ledgers."""
