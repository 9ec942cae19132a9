"""What managers and the public read: unit scores and trends, the SKM report, its PDF and
exports, follow-up actions (RTL) and publication."""
