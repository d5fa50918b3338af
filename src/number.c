/* Number text for the canonical form; see include/jobhash/number.h. */

#include "jobhash/number.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A double has at most 17 significant decimal digits that matter. */
#define MAX_DIGITS 17

/* ECMAScript switches to exponent form from 10^21 up. */
#define MAX_PLAIN_EXPONENT 21

/* ECMAScript switches to exponent form below 10^-6. */
#define MIN_PLAIN_EXPONENT -6

/*
 * Writes V (> 0, finite) correctly rounded to PRECISION + 1 significant
 * digits: the digits, trailing zeros included, to DIGITS and the decimal
 * exponent of the first digit to *EXPONENT. Returns the number of digits.
 *
 * NOTE: snprintf and strtod follow LC_NUMERIC; the library expects the "C"
 * locale, which a program has until it calls setlocale.
 */
static size_t round_digits(char digits[MAX_DIGITS + 1], int *exponent,
			   double v, int precision)
{
	char text[48];
	const char *p = text;
	size_t count = 0;

	snprintf(text, sizeof(text), "%.*e", precision, v);

	/* text is "d", or "d.ddd" with a one-byte decimal point, then "e±xx" */
	digits[count++] = *p++;
	if (precision > 0) {
		p++;
		while (*p >= '0' && *p <= '9' && count < MAX_DIGITS)
			digits[count++] = *p++;
	}
	digits[count] = '\0';

	p = strchr(p, 'e');
	*exponent = p != NULL ? (int)strtol(p + 1, NULL, 10) : 0;
	return count;
}

/* Returns the double nearest to the decimal DIGITS x 10^(EXPONENT - COUNT + 1). */
static double read_digits(const char *digits, size_t count, int exponent)
{
	char text[48];

	snprintf(text, sizeof(text), "%se%d", digits, exponent - (int)count + 1);
	return strtod(text, NULL);
}

/*
 * Adds one unit in the last place to DIGITS (COUNT digits), carrying into
 * *EXPONENT when all are 9. Returns the new count, which drops the digits
 * that became trailing zeros.
 */
static size_t increment_digits(char digits[MAX_DIGITS + 1], size_t count,
			       int *exponent)
{
	size_t i = count;

	while (i > 0 && digits[i - 1] == '9')
		i--;
	if (i == 0) {
		/* 99..9 + 1 = 10..0, one place up */
		(*exponent)++;
		digits[0] = '1';
		digits[1] = '\0';
		return 1;
	}
	digits[i - 1]++;
	digits[i] = '\0';
	return i;
}

/*
 * Finds the shortest decimal digits that read back to V (V > 0, finite),
 * closest to V among those of that length, as ECMAScript requires (hash.md
 * rule 9). Tries each length from 1 to 17 digits (17 always round-trip),
 * first the correctly rounded digits. When those fall below V, the next
 * decimal up may still read back to V if V is a power of two, because the
 * gap to the next double below is half the gap to the one above.
 * Stores the digits without trailing zeros and the decimal exponent of
 * the first digit as round_digits does, and returns the number of digits.
 */
static size_t strip_zeros(char digits[MAX_DIGITS + 1], size_t count)
{
	while (count > 1 && digits[count - 1] == '0')
		count--;
	digits[count] = '\0';
	return count;
}

static size_t shortest_digits(char digits[MAX_DIGITS + 1], int *exponent,
			      double v)
{
	int binary_exponent;
	bool power_of_two = frexp(v, &binary_exponent) == 0.5;
	size_t count = 0;

	for (int precision = 0; precision < MAX_DIGITS; precision++) {
		double nearest;

		count = round_digits(digits, exponent, v, precision);
		nearest = read_digits(digits, count, *exponent);
		if (nearest == v)
			return strip_zeros(digits, count);

		if (power_of_two && nearest < v) {
			char up[MAX_DIGITS + 1];
			int up_exponent = *exponent;
			size_t up_count;

			memcpy(up, digits, count + 1);
			up_count = increment_digits(up, count, &up_exponent);
			if (read_digits(up, up_count, up_exponent) == v) {
				memcpy(digits, up, up_count + 1);
				*exponent = up_exponent;
				return up_count;
			}
		}
	}
	return strip_zeros(digits, count);
}

static size_t put_zeros(char *out, size_t count)
{
	memset(out, '0', count);
	return count;
}

/*
 * Lays out DIGITS (COUNT of them) with decimal exponent EXPONENT of the
 * first digit as ECMAScript's Number::toString does, in which
 * n = EXPONENT + 1 is the position of the decimal point after the first
 * digit and k = COUNT.
 */
static size_t layout(char *out, const char *digits, size_t count, int exponent)
{
	int point = exponent + 1;
	int k = (int)count;
	size_t len = 0;

	if (k <= point && point <= MAX_PLAIN_EXPONENT) {
		/* an integer: the digits, then zeros up to the point */
		memcpy(out, digits, count);
		len = count;
		len += put_zeros(out + len, (size_t)(point - k));
	} else if (0 < point && point <= MAX_PLAIN_EXPONENT) {
		/* the point falls inside the digits */
		memcpy(out, digits, (size_t)point);
		len = (size_t)point;
		out[len++] = '.';
		memcpy(out + len, digits + point, (size_t)(k - point));
		len += (size_t)(k - point);
	} else if (MIN_PLAIN_EXPONENT < point && point <= 0) {
		/* a fraction: "0.", zeros, then the digits */
		out[len++] = '0';
		out[len++] = '.';
		len += put_zeros(out + len, (size_t)-point);
		memcpy(out + len, digits, count);
		len += count;
	} else {
		/* exponent form: "d[.ddd]e±n" */
		out[len++] = digits[0];
		if (count > 1) {
			out[len++] = '.';
			memcpy(out + len, digits + 1, count - 1);
			len += count - 1;
		}
		len += (size_t)sprintf(out + len, "e%c%d", exponent < 0 ? '-' : '+',
				       exponent < 0 ? -exponent : exponent);
	}

	out[len] = '\0';
	return len;
}

/* hash.md rule 9: doubles as ECMAScript writes them */
size_t jh_number_format_double(char out[JH_NUMBER_TEXT_SIZE], double v)
{
	char digits[MAX_DIGITS + 1];
	int exponent;
	size_t count;
	size_t sign = 0;

	if (v == 0) {
		/* both 0 and -0 */
		out[0] = '0';
		out[1] = '\0';
		return 1;
	}

	if (signbit(v)) {
		out[sign++] = '-';
		v = -v;
	}

	count = shortest_digits(digits, &exponent, v);
	return sign + layout(out + sign, digits, count, exponent);
}

/* hash.md rule 9: integers within 64 bits as exact decimal digits */
size_t jh_number_format_int(char out[JH_NUMBER_TEXT_SIZE], int64_t v)
{
	int len = snprintf(out, JH_NUMBER_TEXT_SIZE, "%" PRId64, v);

	return len > 0 ? (size_t)len : 0;
}
