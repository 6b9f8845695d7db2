/* SPDX-License-Identifier: MIT */
/* Fuzz target: a services(5) file (pw_services_load_buffer), then lookups by port and name. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "services.h"

static int fuzz_found(uint16_t port, unsigned proto, void *data)
{
	(void)port;
	(void)data;
	if (proto > PW_SVC_PROTO_DCCP)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pw_services_stats st = { 0 };
	struct pw_services *db = pw_services_new();
	char name[32];
	char *text = malloc(size ? size : 1);
	size_t n;

	if (!db || !text)
		abort();
	memcpy(text, data, size);
	if (pw_services_load_buffer(db, text, size, &st) < 0)
		abort();
	/*
	 * Ports the text may have named: those its bytes spell, read as
	 * numbers, of each protocol a services file can name (DCCP too).
	 */
	for (size_t i = 0; i + 1 < size && i < 64; i += 2) {
		uint16_t port = (uint16_t)(data[i] << 8 | data[i + 1]);
		const struct pw_service *s =
			pw_services_lookup(db, port, i / 2 % (PW_SVC_PROTO_DCCP + 1));

		if (s && (!s->name || (s->source != PW_SVC_SYSTEM && s->source != PW_SVC_BUILTIN)))
			abort();
	}
	/* The text's first word, as a name to find. */
	for (n = 0; n < size && n < sizeof(name) - 1 && !strchr(" \t\r\n#", text[n]); n++)
		name[n] = text[n];
	name[n] = '\0';
	if (pw_services_find(db, name, fuzz_found, NULL) < 0)
		abort();
	pw_services_free(db);
	free(text);
	return 0;
}
