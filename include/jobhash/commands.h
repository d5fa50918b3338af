#ifndef JOBHASH_COMMANDS_H
#define JOBHASH_COMMANDS_H

/* One function per command: parse options, do the work, print, return the exit code. */

int jh_cmd_hash(int argc, char **argv, const char *directory);
int jh_cmd_plan(int argc, char **argv, const char *directory);
int jh_cmd_canon(int argc, char **argv, const char *directory);
int jh_cmd_rewrite(int argc, char **argv, const char *directory);
int jh_cmd_generate(int argc, char **argv, const char *directory);

int jh_cmd_prepush(int argc, char **argv, const char *directory);
int jh_cmd_install_hook(int argc, char **argv, const char *directory);
int jh_cmd_config(int argc, char **argv, const char *directory);

#endif
