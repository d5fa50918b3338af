/* Placeholder entry point; replaced by the command dispatcher. */
#include <stdio.h>
int main(void)
{
	puts("jobhash");
	return 0;
}
