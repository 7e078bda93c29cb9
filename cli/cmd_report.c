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
#include <time.h>

#include "cli/cli.h"
#include "cli/options.h"
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
	static struct cli_opts op;
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
		if (strcmp(op.args[i], outp) == 0 || file_same(op.args[i], outp)) {
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
    report_accepts };

int
cmd_report(int argc, char **argv)
{
	static struct cli_opts op;
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
	if (op.nargs != 0) {
		fprintf(stderr, "uvmcheck report: unexpected argument '%s'\n"
		    "usage: %s", op.args[0], usage);
		return EXIT_USAGE;
	}
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

/* ---- campaigns of the other commands (check --db) ---- */

int
cli_campaign_begin(const char *cmd, const char *db, const struct scenario *s,
    const char *label, const char *engine, uint64_t seed,
    struct cli_campaign *c)
{
	struct store_campaign sc;
	char knobs[1024], err[FW_PATH_MAX + 512];
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = store_open(db, STORE_CREATE, &c->st, err,
	    sizeof(err))) != 0) {
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, err);
		return open_rc(rc);
	}
	cli_knobs_str(&s->model.knobs, knobs, sizeof(knobs));
	memset(&sc, 0, sizeof(sc));
	sc.command = cmd;
	sc.scenario = s->name;
	sc.profile = label;
	sc.knobs = knobs;
	sc.engine = engine;
	/* a seed means something to the random explorers only */
	sc.seed = strcmp(engine, "random") == 0 || strcmp(engine, "pct") == 0 ?
	    seed : 0;
	sc.model_version = UVMCHECK_MODEL_VERSION;
	sc.start = clock_wall();
	c->start = sc.start;
	if (store_campaign_begin(c->st, &sc, &c->id) != 0 ||
	    store_throughput_add(c->st, c->id, 0, 0, 0) != 0) {
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, store_errmsg(c->st));
		store_close(c->st);
		c->st = NULL;
		return EXIT_INTERNAL;
	}
	return 0;
}

int
cli_campaign_check_end(struct cli_campaign *c, const char *cmd,
    const struct scenario *s, const char *profile, const struct knobs *ov,
    const uint8_t *mask, const char *label, const struct dfs_result *r)
{
	struct store_campaign sc;
	struct report_run *rr = cli_xcalloc(1, sizeof(*rr));
	struct sched_file *sf = cli_xcalloc(1, sizeof(*sf));
	char *text = NULL;
	size_t len = 0;
	bool is_new = false;
	char attr[TRIAGE_ATTR_LEN] = "untriaged", site[TRIAGE_SITE_LEN];
	int rc = 0;

	memset(&sc, 0, sizeof(sc));
	sc.end = clock_wall();
	sc.states = r->states;
	sc.transitions = r->transitions;
	sc.seconds = r->seconds;
	sc.verdict = run_verdict_label(r->verdict, r->inv);
	if (store_throughput_add(c->st, c->id, r->seconds, r->states, 0) != 0)
		rc = EXIT_INTERNAL;
	if (rc == 0 && r->verdict != VERDICT_CLEAN) {
		struct store_finding f;

		if (report_replay(&s->model, &r->sched, rr) != 0 ||
		    sched_file_init(sf, s->name, profile, ov, mask, s->text,
		    s->textlen) != 0) {
			fprintf(stderr, "uvmcheck %s: cannot record the "
			    "finding (the counterexample does not replay)\n",
			    cmd);
			rc = EXIT_INTERNAL;
			goto out;
		}
		run_to_sched_file(&s->model, &r->sched, &rr->res, sf);
		if (sched_file_format(sf, &s->model, &text, &len) != 0) {
			rc = EXIT_INTERNAL;
			goto out;
		}
		memset(&f, 0, sizeof(f));
		memcpy(f.signature, rr->signature, sizeof(f.signature));
		/* the root cause: the finding is recorded by it */
		if (report_root_cause(text, attr, site, rr->signature) == 0) {
			memcpy(f.signature, rr->signature, sizeof(f.signature));
			f.attribution = attr;
			f.site = site;
		}
		f.invariant = sc.verdict;
		f.profile = label;
		f.scenario = s->name;
		f.sched_text = text;
		f.length = sf->sched.n;
		f.seen = sc.end;
		if (store_finding_add(c->st, c->id, &f, &is_new) != 0 ||
		    store_coverage_add(c->st, c->id, rr->sites, rr->hits,
		    rr->nsites) != 0)
			rc = EXIT_INTERNAL;
	}
	if (rc == 0 && store_campaign_end(c->st, c->id, &sc) != 0)
		rc = EXIT_INTERNAL;
out:
	if (rc != 0)
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, store_errmsg(c->st));
	else if (r->verdict != VERDICT_CLEAN)
		fprintf(stderr, "recorded: campaign %lld, finding %s (%s, "
		    "attributed to %s)\n", (long long)c->id, rr->signature,
		    is_new ? "new" : "seen before", attr);
	else
		fprintf(stderr, "recorded: campaign %lld\n", (long long)c->id);
	free(text);
	if (sf->scenario_text != NULL)
		sched_file_free(sf);
	free(sf);
	free(rr);
	store_close(c->st);
	c->st = NULL;
	return rc;
}
