"""Officers and their development: duty rosters, training records and hours, and the
analysis of training against what citizens say."""
