"""Community forums (musyawarah): sessions, paper questionnaires and tallies typed in by a
facilitator, aspirations, complaints and suggestions, and the session summary."""
