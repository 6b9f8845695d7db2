/* SPDX-License-Identifier: MIT */
/* Test helper: what the session's notes stream (pw_cmd_notes) says, caught in memory. */
#ifndef PW_NOTESFIX_H
#define PW_NOTESFIX_H

#include <stdio.h>

struct nf_notes {
	char *buf;
	size_t size;
	FILE *f;
	FILE *before; /* the stream notes went to, given back by nf_close */
};

/* Catch every note from now on in n. */
void nf_open(struct nf_notes *n);

/* Give the notes stream back; returns what was said (the caller frees n->buf). */
const char *nf_close(struct nf_notes *n);

#endif
