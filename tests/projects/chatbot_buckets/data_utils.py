"""Vocabulary constants of the chatbot."""
PAD_ID = 0
GO_ID = 1
EOS_ID = 2
UNK_ID = 3
