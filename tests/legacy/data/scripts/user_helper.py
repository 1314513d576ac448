"""A module of the user's project, imported by import_probe.py from the script's folder."""
import tensorflow as tf

TF_SEEN_BY_USER_MODULE = tf
