/*
 * Scalar resolution as go-yaml v2.4 resolve.go does it; see
 * include/jobhash/scalar.h.
 */

#include "jobhash/scalar.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Maximum length of plain text that is tried as a number. NOTE: go-yaml has
 * no such limit, so a longer decimal such as "0.000...1" differs (a string here).
 */
#define NUMBER_TEXT_MAX 4096

typedef struct word {
	const char *text;
	size_t len;
	jh_kind kind;
	bool boolean;
	bool nonfinite;
} word;

/* hash.md rule 4: the words that go-yaml v2 resolves by exact match. */
static const word words[] = {
	{ "~", sizeof("~") - 1, JH_NULL, false, false },
	{ "null", sizeof("null") - 1, JH_NULL, false, false },
	{ "Null", sizeof("Null") - 1, JH_NULL, false, false },
	{ "NULL", sizeof("NULL") - 1, JH_NULL, false, false },
	{ "y", sizeof("y") - 1, JH_BOOL, true, false },
	{ "Y", sizeof("Y") - 1, JH_BOOL, true, false },
	{ "yes", sizeof("yes") - 1, JH_BOOL, true, false },
	{ "Yes", sizeof("Yes") - 1, JH_BOOL, true, false },
	{ "YES", sizeof("YES") - 1, JH_BOOL, true, false },
	{ "true", sizeof("true") - 1, JH_BOOL, true, false },
	{ "True", sizeof("True") - 1, JH_BOOL, true, false },
	{ "TRUE", sizeof("TRUE") - 1, JH_BOOL, true, false },
	{ "on", sizeof("on") - 1, JH_BOOL, true, false },
	{ "On", sizeof("On") - 1, JH_BOOL, true, false },
	{ "ON", sizeof("ON") - 1, JH_BOOL, true, false },
	{ "n", sizeof("n") - 1, JH_BOOL, false, false },
	{ "N", sizeof("N") - 1, JH_BOOL, false, false },
	{ "no", sizeof("no") - 1, JH_BOOL, false, false },
	{ "No", sizeof("No") - 1, JH_BOOL, false, false },
	{ "NO", sizeof("NO") - 1, JH_BOOL, false, false },
	{ "false", sizeof("false") - 1, JH_BOOL, false, false },
	{ "False", sizeof("False") - 1, JH_BOOL, false, false },
	{ "FALSE", sizeof("FALSE") - 1, JH_BOOL, false, false },
	{ "off", sizeof("off") - 1, JH_BOOL, false, false },
	{ "Off", sizeof("Off") - 1, JH_BOOL, false, false },
	{ "OFF", sizeof("OFF") - 1, JH_BOOL, false, false },
	{ ".nan", sizeof(".nan") - 1, JH_FLOAT, false, true },
	{ ".NaN", sizeof(".NaN") - 1, JH_FLOAT, false, true },
	{ ".NAN", sizeof(".NAN") - 1, JH_FLOAT, false, true },
	{ ".inf", sizeof(".inf") - 1, JH_FLOAT, false, true },
	{ ".Inf", sizeof(".Inf") - 1, JH_FLOAT, false, true },
	{ ".INF", sizeof(".INF") - 1, JH_FLOAT, false, true },
	{ "+.inf", sizeof("+.inf") - 1, JH_FLOAT, false, true },
	{ "+.Inf", sizeof("+.Inf") - 1, JH_FLOAT, false, true },
	{ "+.INF", sizeof("+.INF") - 1, JH_FLOAT, false, true },
	{ "-.inf", sizeof("-.inf") - 1, JH_FLOAT, false, true },
	{ "-.Inf", sizeof("-.Inf") - 1, JH_FLOAT, false, true },
	{ "-.INF", sizeof("-.INF") - 1, JH_FLOAT, false, true },
};

/* The words are at most 6 bytes long and start with one of these characters. */
#define WORD_MAX 6
#define WORD_FIRST "~nNyYtTfFoO.+-"

static const word *find_word(const char *text, size_t len)
{
	if (len > WORD_MAX || strchr(WORD_FIRST, text[0]) == NULL || text[0] == '\0')
		return NULL;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (words[i].len == len && memcmp(words[i].text, text, len) == 0)
			return &words[i];
	}
	return NULL;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * Parses S as Go's strconv.ParseUint(s, 0, 64) does: a 0x, 0o or 0b prefix
 * in either case, or a leading 0 for octal. Returns false on a syntax
 * error or overflow.
 */
static bool parse_uint_base0(const char *s, uint64_t *out)
{
	unsigned base = 10;
	uint64_t value = 0;

	if (*s == '\0')
		return false;

	if (s[0] == '0') {
		size_t n = strlen(s);
		char prefix = (char)(s[1] | 0x20);

		if (n >= 3 && prefix == 'b') {
			base = 2;
			s += 2;
		} else if (n >= 3 && prefix == 'o') {
			base = 8;
			s += 2;
		} else if (n >= 3 && prefix == 'x') {
			base = 16;
			s += 2;
		} else {
			base = 8;
			s += 1;
		}
	}

	for (; *s != '\0'; s++) {
		int d = digit_value(*s);

		if (d >= (int)base)
			return false;
		if (value > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		value = value * base + (uint64_t)d;
	}

	*out = value;
	return true;
}

/* Parses S as Go's strconv.ParseInt(s, 0, 64) does. */
static bool parse_int_base0(const char *s, int64_t *out)
{
	bool negative = false;
	uint64_t magnitude;

	if (*s == '+' || *s == '-') {
		negative = *s == '-';
		s++;
	}

	if (!parse_uint_base0(s, &magnitude))
		return false;

	if (negative) {
		if (magnitude > (uint64_t)INT64_MAX + 1)
			return false;
		*out = magnitude == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)magnitude;
		return true;
	}

	if (magnitude > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)magnitude;
	return true;
}

static size_t skip_digits(const char *s, size_t i)
{
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* Returns true when S matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_yaml_float(const char *s)
{
	size_t i = 0;
	size_t j;

	if (s[i] == '+' || s[i] == '-')
		i++;

	if (s[i] == '.') {
		j = skip_digits(s, i + 1);
		if (j == i + 1)
			return false;
		i = j;
	} else {
		j = skip_digits(s, i);
		if (j == i)
			return false;
		i = j;
		if (s[i] == '.')
			i = skip_digits(s, i + 1);
	}

	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		j = skip_digits(s, i);
		if (j == i)
			return false;
		i = j;
	}

	return s[i] == '\0';
}

/* Parses S as a finite double; out-of-range values fail, as Go's ParseFloat does. */
static bool parse_finite_double(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0' || isinf(v) || isnan(v))
		return false;

	*out = v;
	return true;
}

/* Resolves text that starts with a digit, '+' or '-' (go-yaml's 'D' and 'S' hints). */
static void resolve_number(jh_scalar *out, const char *text, size_t len)
{
	char plain[NUMBER_TEXT_MAX + 1];
	size_t n = 0;
	int64_t integer;
	uint64_t unsigned_value;
	double number;

	if (len > NUMBER_TEXT_MAX)
		return;

	/* hash.md rule 4: every '_' goes before the number is parsed. */
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\0')
			return;
		if (text[i] != '_')
			plain[n++] = text[i];
	}
	plain[n] = '\0';

	if (parse_int_base0(plain, &integer)) {
		out->kind = JH_INT;
		out->integer = integer;
		return;
	}

	if (parse_uint_base0(plain, &unsigned_value)) {
		out->kind = JH_FLOAT;
		out->number = (double)unsigned_value;
		out->from_unsigned = true;
		return;
	}

	if (is_yaml_float(plain) && parse_finite_double(plain, &number)) {
		out->kind = JH_FLOAT;
		out->number = number;
	}
}

/* Resolves text that starts with '.', which Go's ParseFloat reads unchanged. */
static void resolve_dot(jh_scalar *out, const char *text, size_t len)
{
	char copy[NUMBER_TEXT_MAX + 1];
	double number;

	if (len > NUMBER_TEXT_MAX || memchr(text, '\0', len) != NULL)
		return;

	memcpy(copy, text, len);
	copy[len] = '\0';

	/* The regular expression excludes the hex and "inf" forms strtod would take. */
	if (is_yaml_float(copy) && parse_finite_double(copy, &number)) {
		out->kind = JH_FLOAT;
		out->number = number;
	}
}

void jh_scalar_resolve(jh_scalar *out, const char *text, size_t len)
{
	const word *w;
	char first;

	memset(out, 0, sizeof(*out));
	out->kind = JH_STRING;

	if (len == 0) {
		out->kind = JH_NULL;
		return;
	}

	w = find_word(text, len);
	if (w != NULL) {
		out->kind = w->kind;
		out->boolean = w->boolean;
		out->nonfinite = w->nonfinite;
		return;
	}

	first = text[0];
	if ((first >= '0' && first <= '9') || first == '+' || first == '-')
		resolve_number(out, text, len);
	else if (first == '.')
		resolve_dot(out, text, len);
}

size_t jh_scalar_format_float32(char out[JH_SCALAR_KEY_MAX], double v)
{
	float f = (float)v;
	char digits[JH_SCALAR_KEY_MAX];
	int precision;
	int exponent;
	const char *e;
	int n;

	if (isinf(f))
		return (size_t)snprintf(out, JH_SCALAR_KEY_MAX, "%s", f > 0 ? "+Inf" : "-Inf");
	if (isnan(f))
		return (size_t)snprintf(out, JH_SCALAR_KEY_MAX, "NaN");
	if (f == 0)
		return (size_t)snprintf(out, JH_SCALAR_KEY_MAX, "%s", signbit(f) ? "-0" : "0");

	/*
	 * The shortest correctly rounded decimal that reads back as F. Nine
	 * significant digits always suffice for a float32.
	 */
	for (precision = 1; precision < 9; precision++) {
		snprintf(digits, sizeof(digits), "%.*e", precision - 1, (double)f);
		if (strtof(digits, NULL) == f)
			break;
	}
	snprintf(digits, sizeof(digits), "%.*e", precision - 1, (double)f);

	e = strchr(digits, 'e');
	exponent = atoi(e + 1);

	/* Go uses %e for shortest 'g' when the exponent is < -4 or >= 6. */
	if (exponent < -4 || exponent >= 6) {
		n = snprintf(out, JH_SCALAR_KEY_MAX, "%s", digits);
	} else {
		int decimals = precision - 1 - exponent;

		n = snprintf(out, JH_SCALAR_KEY_MAX, "%.*f", decimals > 0 ? decimals : 0, (double)f);
	}
	return (size_t)n;
}

size_t jh_scalar_format_key(char out[JH_SCALAR_KEY_MAX], const jh_node *key)
{
	switch (key->kind) {
	case JH_INT:
		return (size_t)snprintf(out, JH_SCALAR_KEY_MAX, "%" PRId64, key->as.integer);
	case JH_BOOL:
		return (size_t)snprintf(out, JH_SCALAR_KEY_MAX, "%s", key->as.boolean ? "true" : "false");
	case JH_FLOAT:
		return jh_scalar_format_float32(out, key->as.number);
	case JH_NULL:
	case JH_STRING:
	case JH_SEQ:
	case JH_MAP:
		break;
	}
	return 0;
}

static int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int jh_scalar_decode_base64(unsigned char *out, size_t *out_len,
			    const char *text, size_t len)
{
	unsigned quad[4];
	size_t have = 0;
	size_t n = 0;
	size_t padding = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		int v;

		if (c == '\r' || c == '\n')
			continue;

		if (c == '=') {
			/* Padding only ends the final group of four. */
			if (have < 2)
				return -1;
			padding++;
			have++;
			if (have == 4)
				break;
			continue;
		}

		if (padding > 0)
			return -1;
		v = base64_value(c);
		if (v < 0)
			return -1;
		quad[have++] = (unsigned)v;
		if (have == 4) {
			out[n++] = (unsigned char)((quad[0] << 2) | (quad[1] >> 4));
			out[n++] = (unsigned char)((quad[1] << 4) | (quad[2] >> 2));
			out[n++] = (unsigned char)((quad[2] << 6) | quad[3]);
			have = 0;
		}
	}

	if (padding > 0) {
		/* Only line breaks may follow the padding. */
		size_t rest = 0;

		for (size_t i = 0; i < len; i++) {
			if (text[i] == '=') {
				rest = i + 1;
				while (rest < len && text[rest] == '=')
					rest++;
				break;
			}
		}
		for (; rest < len; rest++) {
			if (text[rest] != '\r' && text[rest] != '\n')
				return -1;
		}
		if (have != 4)
			return -1;
		out[n++] = (unsigned char)((quad[0] << 2) | (quad[1] >> 4));
		if (padding == 1)
			out[n++] = (unsigned char)((quad[1] << 4) | (quad[2] >> 2));
		have = 0;
	}

	if (have != 0)
		return -1;

	*out_len = n;
	return 0;
}
