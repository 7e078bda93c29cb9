/*
 * cmd_report.c: uvmcheck report: the SQLite store's campaigns and
 * findings (docs/design.md §10).
 *
 *	uvmcheck report [--db FILE]                 tables on stdout
 *	uvmcheck report [--db FILE] --html OUT      one self-contained page
 *	uvmcheck report [--db FILE] --sched SIG     a finding's .sched text
 *	uvmcheck report merge A.db B.db ... -o OUT  merge stores
 *
 * A file that is not a uvmcheck database, is corrupt, or has a newer
 * schema is an error (exit 2) and is left untouched.  `report` only
 * reads (also a store in a read-only directory).  An output that is the
 * same file as an input (compared by device and inode, so also through
 * a symlink or another spelling of the path) is refused, exit 2.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "reports/store.h"

static const char usage[] =
    "uvmcheck report [--db FILE] [--html OUT.html] [--sched SIGNATURE]\n"
    "uvmcheck report merge A.db B.db ... -o OUT.db\n"
    "  --db: the store, default uvmcheck.db in the working directory\n"
    "  --html: write one self-contained page (swimlane of each finding)\n"
    "  --sched: print the stored .sched of a finding (replay it with\n"
    "           uvmcheck replay)\n"
    "  merge: add the campaigns and findings of A, B, ... to OUT (created\n"
    "         if nothing is there); findings with one signature are one\n"
    "         (counts add); a campaign merged again adds nothing\n";

static int
open_rc(int rc)
{
	return rc == STORE_EBAD ? EXIT_USAGE : EXIT_INTERNAL;
}

static const struct cli_accept merge_accepts[] = {
	{ CLI_O_OUTPUT, 0, 0 }, { CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command merge_cmd = { "report merge", usage,
    merge_accepts };

static int
report_merge(int argc, char **argv)
{
	struct cli_opts op;
	const char *outp;
	struct store *dst = NULL, *src;
	char err[FW_PATH_MAX + 512];
	int rc;

	memset(&op, 0, sizeof(op));
	if (!cli_parse(&merge_cmd, argc, argv, &op))
		return op.rc;
	outp = op.output;
	if (outp == NULL || op.nargs == 0) {
		fprintf(stderr, "uvmcheck report merge: expected A.db ... -o "
		    "OUT.db\nusage: %s", usage);
		return EXIT_USAGE;
	}
	/* validate every input before writing anything */
	for (int i = 0; i < op.nargs; i++) {
		if (strcmp(op.args[i], outp) == 0 ||
		    file_same(op.args[i], outp)) {
			fprintf(stderr, "uvmcheck report merge: %s is the same "
			    "file as the output %s\n", op.args[i], outp);
			return EXIT_USAGE;
		}
		if ((rc = store_open(op.args[i], STORE_READ, &src, err,
		    sizeof(err))) != 0) {
			fprintf(stderr, "uvmcheck report merge: %s\n", err);
			return open_rc(rc);
		}
		store_close(src);
	}
	if ((rc = store_open(outp, STORE_CREATE, &dst, err,
	    sizeof(err))) != 0) {
		fprintf(stderr, "uvmcheck report merge: %s\n", err);
		return open_rc(rc);
	}
	for (int i = 0; i < op.nargs; i++) {
		if ((rc = store_open(op.args[i], STORE_READ, &src, err,
		    sizeof(err))) != 0) {
			fprintf(stderr, "uvmcheck report merge: %s\n", err);
			store_close(dst);
			return open_rc(rc);
		}
		rc = store_merge(dst, src);
		store_close(src);
		if (rc != 0) {
			fprintf(stderr, "uvmcheck report merge: %s: %s\n",
			    op.args[i], store_errmsg(dst));
			store_close(dst);
			return open_rc(rc);
		}
		printf("merged %s into %s\n", op.args[i], outp);
	}
	store_close(dst);
	return EXIT_CLEAN;
}

static const struct cli_accept report_accepts[] = {
	{ CLI_O_DB, 0, 0 }, { CLI_O_HTML, 0, 0 }, { CLI_O_SCHED, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command report_cmd = { "report", usage,
    report_accepts, true };

int
cmd_report(int argc, char **argv)
{
	struct cli_opts op;
	const char *db, *html, *sig;
	struct store *st;
	char err[FW_PATH_MAX + 512];
	int rc;

	if (argc >= 2 && strcmp(argv[1], "merge") == 0)
		return report_merge(argc - 1, argv + 1);
	memset(&op, 0, sizeof(op));
	if (!cli_parse(&report_cmd, argc, argv, &op))
		return op.rc;
	db = op.db != NULL ? op.db : STORE_DEFAULT_PATH;
	html = op.html;
	sig = op.sched;
	/* the output is checked before anything is opened */
	if (html != NULL) {
		if (file_same(html, db)) {
			fprintf(stderr, "uvmcheck report: --html %s is the store "
			    "itself (--db %s): refusing to overwrite it\n", html,
			    db);
			return EXIT_USAGE;
		}
		if ((rc = cli_output_ok("report", "--html", html)) != 0)
			return rc;
	}
	if ((rc = store_open(db, STORE_READ, &st, err, sizeof(err))) != 0) {
		fprintf(stderr, "uvmcheck report: %s\n", err);
		return open_rc(rc);
	}
	if (sig != NULL) {
		rc = report_sched(st, sig, stdout, err, sizeof(err));
		store_close(st);
		if (rc != 0) {
			fprintf(stderr, "uvmcheck report: %s\n", err);
			return EXIT_USAGE;
		}
		return EXIT_CLEAN;
	}
	if (html != NULL) {
		struct file_writer w;
		enum fw_status ws;

		if ((ws = file_write_begin(&w, html, err, sizeof(err))) !=
		    FW_OK) {
			fprintf(stderr, "uvmcheck report: --html: %s\n", err);
			store_close(st);
			return cli_write_rc(ws);
		}
		if (report_html(st, db, w.fp) != 0) {
			fprintf(stderr, "uvmcheck report: cannot read the store "
			    "for the page: %s\n", store_errmsg(st));
			file_write_abort(&w);
			store_close(st);
			return EXIT_INTERNAL;
		}
		if ((ws = file_write_commit(&w, err, sizeof(err))) != FW_OK) {
			fprintf(stderr, "uvmcheck report: --html: %s\n", err);
			store_close(st);
			return cli_write_rc(ws);
		}
		printf("wrote %s\n", html);
	} else if (report_text(st, stdout) != 0) {
		store_close(st);
		return EXIT_INTERNAL;
	}
	store_close(st);
	return EXIT_CLEAN;
}

