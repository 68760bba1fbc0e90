"""careflow: audited, rule-driven orchestration of healthcare enquiries."""
