/*
 * check_print.c: the outcome of `uvmcheck check` as text or JSON
 * (reports/check_print.h).
 */
#include <stdio.h>

#include "explore/bitstate.h"
#include "explore/symmetry.h"
#include "reports/check_print.h"
#include "reports/report.h"

/* the search's figures: strategy, table, reduction, exhaustiveness */
static void
print_figures(FILE *out, const struct dfs_result *r, const struct model *m)
{
	fprintf(out, "strategy %s", strategy_name(r->strategy));
	if (r->strategy == STRAT_RANDOM || r->strategy == STRAT_PCT)
		fprintf(out, ", seed %llu", (unsigned long long)r->seed);
	if (r->strategy == STRAT_ICB)
		fprintf(out, ", preemption bound %d", r->preemptions);
	fprintf(out, "\n");
	if (r->mpi)
		fprintf(out, "mpi: %d ranks, each state stored and expanded by "
		    "the rank owning its fingerprint (table figures: all "
		    "ranks')\n", r->jobs);
	else if (r->jobs > 1)
		fprintf(out, "jobs: %d threads sharing one state table\n", r->jobs);
	if (r->table_bytes != 0 && r->bits_per_state != 0)
		fprintf(out, "bitstate: %.1f MiB, %.1f bits/state (%d per state "
		    "set), coverage estimate %.4f%%\n",
		    (double)r->table_bytes / 1048576.0, r->bits_per_state,
		    BITSTATE_K, 100.0 * r->coverage);
	else if (r->table_bytes != 0) {
		fprintf(out, "state table: %.1f MiB (%llu slots of 8 bytes, %.0f%% "
		    "full)", (double)r->table_bytes / 1048576.0,
		    (unsigned long long)r->table_slots, r->table_slots != 0 ?
		    100.0 * (double)r->states / (double)r->table_slots : 0.0);
		if (r->bytes_per_state != 0)
			fprintf(out, ", %.1f bytes/state", r->bytes_per_state);
		fprintf(out, ", 64-bit fingerprints, collision probability %.2g "
		    "(optimistic, as TLC)\n", r->collision_prob);
	}
	if (r->strategy == STRAT_DFS)
		fprintf(out, "reduction: %s, sleep sets pruned %llu transitions "
		    "(factor %.2f), %llu steps spent on independence\n",
		    r->slept != 0 || r->por_steps != 0 ? "sleep sets" : "none",
		    (unsigned long long)r->slept, r->reduction,
		    (unsigned long long)r->por_steps);
	if (r->symmetry) {
		struct symmetry sy;
		char groups[MAX_THREADS * (NAME_MAX_LEN + 2)];

		symmetry_find(&sy, m);
		symmetry_describe(&sy, m, groups, sizeof(groups));
		if (sy.ngroups == 0)
			fprintf(out, "symmetry: none (no two LWPs of one process "
			    "run the same program)\n");
		else
			fprintf(out, "symmetry: interchangeable threads %s (a "
			    "state stands for up to %llu renamings)\n", groups,
			    (unsigned long long)r->symmetry_order);
	}
	if (r->verdict == VERDICT_CLEAN) {
		if (dfs_exhaustive(r))
			fprintf(out, "exhaustive: yes\n");
		else
			fprintf(out, "exhaustive: no (bound hit: %s%s)\n",
			    bound_name(r->bound), r->bound == BOUND_STATES ?
			    ", --max-states reached" : r->bound == BOUND_DEPTH ?
			    ", the depth bound cut some schedules" :
			    r->bound == BOUND_CAPACITY ? ", the model's tables "
			    "(map entries, frames, wiring records) ran out on "
			    "some schedules, cut there" :
			    r->bound == BOUND_MEMORY ? ", --memory reached: "
			    "the state table is full" : r->bound == BOUND_BITSTATE ?
			    ", states whose bits were set may have been skipped" :
			    "");
	}
}

/* the same as JSON members, after a comma */
static void
json_figures(FILE *out, const struct dfs_result *r)
{
	fprintf(out, ",\"strategy\":\"%s\",\"states_per_sec\":%.0f,"
	    "\"bytes_per_state\":", strategy_name(r->strategy),
	    r->seconds > 0 ? (double)r->states / r->seconds : 0.0);
	/* null while the table is at its initial size */
	if (r->bytes_per_state != 0)
		fprintf(out, "%.2f", r->bytes_per_state);
	else
		fprintf(out, "null");
	fprintf(out, ",\"table_bytes\":%llu,"
	    "\"table_slots\":%llu,"
	    "\"collision_probability\":%.3g,\"reduction\":%.4f,"
	    "\"slept\":%llu,\"jobs\":%d,",
	    (unsigned long long)r->table_bytes,
	    (unsigned long long)r->table_slots,
	    r->collision_prob, r->reduction, (unsigned long long)r->slept,
	    r->jobs > 1 ? r->jobs : 1);
	if (r->bits_per_state != 0)
		fprintf(out, "\"bits_per_state\":%.2f,\"coverage\":%.6f,",
		    r->bits_per_state, r->coverage);
	if (r->mpi)
		fprintf(out, "\"mpi_ranks\":%d,", r->jobs);
	if (r->symmetry)
		fprintf(out, "\"symmetry_order\":%llu,",
		    (unsigned long long)r->symmetry_order);
	fprintf(out, "\"bound\":");
	if (dfs_exhaustive(r))
		fprintf(out, "null");
	else
		fprintf(out, "\"%s\"", bound_name(r->bound));
	fprintf(out, ",\"exhaustive\":%s", dfs_exhaustive(r) ? "true" : "false");
	if (r->strategy == STRAT_RANDOM || r->strategy == STRAT_PCT)
		fprintf(out, ",\"seed\":%llu", (unsigned long long)r->seed);
}



void
check_print_json(FILE *out, const struct check_outcome *cr)
{
	const struct dfs_result *r = cr->r;
	const struct follow_result *fr = cr->fr;

	fprintf(out, "{\"scenario\":");
	report_json_string(out, cr->s->name);
	fprintf(out, ",\"profile\":");
	report_json_string(out, cr->label);
	fprintf(out, ",\"verdict\":\"%s\",\"invariant\":", verdict_name(r->verdict));
	report_json_string(out, r->verdict == VERDICT_VIOLATION ? cr->inv :
	    NULL);
	fprintf(out, ",\"steps\":%d,\"schedule\":", r->verdict != VERDICT_CLEAN ?
	    r->sched.n : 0);
	report_json_string(out, r->verdict != VERDICT_CLEAN ? cr->sched_text :
	    NULL);
	fprintf(out, ",\"states\":%llu,\"transitions\":%llu,\"seconds\":%.6f,"
	    "\"max_depth\":%d,\"bound_hit\":%s,\"limit_hit\":%s,\"saved\":",
	    (unsigned long long)r->states,
	    (unsigned long long)r->transitions, r->seconds, r->max_depth,
	    r->bound_hit ? "true" : "false",
	    r->limit_hit ? "true" : "false");
	report_json_string(out, cr->saved);
	json_figures(out, cr->r);
	if (fr != NULL) {
		fprintf(out, ",\"follow\":{\"stages\":[");
		for (int i = 0; i < fr->nstages; i++) {
			fprintf(out, "%s{\"invariant\":", i ? "," : "");
			report_json_string(out, inv_name(fr->stage[i].inv));
			fprintf(out, ",\"step\":%d,\"warning\":%s}",
			    fr->stage[i].step, fr->stage[i].warning ?
			    "true" : "false");
		}
		schedule_format(&cr->s->model, &fr->sched, cr->sched_text,
		    (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8));
		fprintf(out, "],\"damage\":%s,\"schedule\":", fr->damage ?
		    "true" : "false");
		report_json_string(out, cr->sched_text);
		fprintf(out, "}");
	}
	fprintf(out, "}\n");
}

void
check_print_text(FILE *out, const struct check_outcome *cr)
{
	const struct dfs_result *r = cr->r;
	const struct follow_result *fr = cr->fr;
	char v[160];

	report_verdict_str(r->verdict, cr->inv, cr->res->vstep, v, sizeof(v));
	fprintf(out, "verdict: %s\n", v);
	if (r->verdict != VERDICT_CLEAN) {
		if (cr->res->detail[0] != '\0')
			fprintf(out, "  %s\n", cr->res->detail);
		fprintf(out, "counterexample (%d step%s): %s\n", r->sched.n,
		    r->sched.n == 1 ? "" : "s", cr->sched_text);
	}
	fprintf(out, "states %llu, transitions %llu, max depth %d, %.3f s",
	    (unsigned long long)r->states,
	    (unsigned long long)r->transitions, r->max_depth,
	    r->seconds);
	if (r->seconds > 0)
		fprintf(out, " (%.0f states/s)", (double)r->states /
		    r->seconds);
	fprintf(out, "\n");
	print_figures(out, cr->r, &cr->s->model);
	if (fr != NULL) {
		fprintf(out, "follow:");
		for (int i = 0; i < fr->nstages; i++)
			fprintf(out, "%s %s at step %d (%s)", i ? " ->" : "",
			    inv_name(fr->stage[i].inv), fr->stage[i].step,
			    fr->stage[i].warning ? "warning" : "damage");
		fprintf(out, "\n");
		if (fr->nstages > 1) {
			schedule_format(&cr->s->model, &fr->sched,
			    cr->sched_text, (size_t)SCHED_MAX_STEPS *
			    (NAME_MAX_LEN + 8));
			fprintf(out, "followed schedule (%d steps): %s\n",
			    fr->sched.n, cr->sched_text);
		}
		if (!fr->damage)
			fprintf(out, "  no damage after it within %d steps%s\n",
			    r->sched.n + cr->bound, fr->budget_hit ?
			    " (the state budget was reached)" : "");
	}
	if (r->verdict == VERDICT_CLEAN && cr->default_profile)
		fprintf(out, "(clean with every fix applied; --profile NAME "
		    "checks a historical kernel: uvmcheck list "
		    "profiles)\n");
	if (cr->saved != NULL)
		fprintf(out, "saved: %s\n", cr->saved);
	else if (r->verdict != VERDICT_CLEAN)
		fprintf(out, "(use --save FILE.sched to keep the counterexample)\n");
}
