/*
 * A stand-in for jobhash that the framework self-tests run, so that they
 * test tests/e2e/lib.sh and not the product.
 *
 * Usage: fake echo WORD...   prints the words to stdout, then a newline
 *        fake warn WORD...   the same on stderr
 *        fake exit STATUS    exits with STATUS
 *        fake cat            copies stdin to stdout
 *        fake leak           allocates 64 bytes, loses them and exits 0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_words(FILE *stream, int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		fprintf(stream, "%s%s", i > 2 ? " " : "", argv[i]);
	fputc('\n', stream);
}

static int copy_stdin(void)
{
	int c;

	while ((c = getchar()) != EOF)
		putchar(c);
	return ferror(stdin) ? 1 : 0;
}

static int leak(void)
{
	char *lost = malloc(64);

	if (lost == NULL)
		return 1;
	memset(lost, 'x', 64);
	/* Hide the pointer from the optimizer, then drop it. */
	printf("%c\n", *(volatile char *)lost);
	lost = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "echo") == 0) {
		print_words(stdout, argc, argv);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "warn") == 0) {
		print_words(stderr, argc, argv);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	if (argc == 2 && strcmp(argv[1], "cat") == 0)
		return copy_stdin();
	if (argc == 2 && strcmp(argv[1], "leak") == 0)
		return leak();
	fprintf(stderr, "fake: unknown arguments\n");
	return 2;
}
