"""The SKM method every area shares, as pure functions on plain values: the nine elements,
scoring and the IKM, periods and the period picker, ranking, trends, the NIP format and QR codes."""
