/*
 * mpi.c: one search over several processes or machines, the states
 * partitioned by their fingerprints (`mpirun -np N uvmcheck check SCN
 * --mpi`).
 *
 * --shard K/N splits the search by schedule prefix: a state reachable
 * under two prefixes is explored by both shards (the benchmark measures
 * 1.5x to 3.7x duplication).  Here every state has one owner, the rank
 * (fingerprint mixed) mod N, and only its owner stores and expands it:
 * no state is explored twice, whatever N is.
 *
 * The search is breadth-first and level-synchronous, as bfs.c:
 *
 *	each rank expands its share of level d; a child it owns is looked
 *	up in its own table at once, a child another rank owns is queued
 *	for it;
 *	MPI_Alltoallv hands every rank the children it owns; those that
 *	are new in its table are checked (invariants) and make its share
 *	of level d + 1;
 *	MPI_Allreduce sums the figures and says whether any rank found a
 *	violation (then the lowest such rank's counterexample is broadcast
 *	and the search ends), whether a bound was reached, and whether the
 *	next level is empty everywhere (then the search is exhaustive).
 *
 * Each rank keeps, for every state it owns, where it came from: the
 * parent's rank and node there, and the step (thread, choice).  A child
 * travels as its world and that link.  The counterexample of a violation
 * is read back along the links, one broadcast a step, from the rank that
 * found it to the initial world.  Level by level, the violation found is at the smallest depth, as with
 * bfs; which of several at that depth depends on N, and is the same for
 * the same N.  No sleep sets (bfs has none either).  Every rank runs the
 * whole command; rank 0 reports, the others stay silent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"
#include "explore/mpi.h"

#ifndef HAVE_MPI

int
explore_mpi(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	(void)m, (void)o, (void)res;
	return -2;
}

bool
explore_mpi_available(void)
{
	return false;
}

int
explore_mpi_init(int *rank)
{
	*rank = 0;
	return -2;
}

#else

#include <limits.h>
#include <mpi.h>

/*
 * A state on the move or in a frontier.  In a frontier, node is the
 * state's own node on this rank; on its way to its owner, rank and node
 * name its parent's.
 */
struct mitem {
	struct world w;
	uint32_t node;
	uint16_t rank;
	uint8_t tid, choice;
};

/* where an owned state came from; the initial world's rank is NO_RANK */
struct mnode {
	uint32_t node;
	uint16_t rank;
	uint8_t tid, choice;
};
#define NO_RANK	UINT16_MAX

struct mlist {
	struct mitem *it;
	size_t n, cap;
};

static int
mlist_push(struct mlist *l, const struct mitem *x)
{
	if (l->n == l->cap) {
		size_t cap = l->cap != 0 ? l->cap * 2 : 64;
		struct mitem *ni = realloc(l->it, cap * sizeof(*ni));

		if (ni == NULL)
			return -1;
		l->it = ni;
		l->cap = cap;
	}
	memcpy(&l->it[l->n++], x, sizeof(*x));
	return 0;
}

/* the owner of a state: the fingerprint's high bits mixed, mod N */
static int
owner(uint64_t fp, int nranks)
{
	fp ^= fp >> 33;
	fp *= 0xff51afd7ed558ccdULL;
	fp ^= fp >> 33;
	return (int)(fp % (uint64_t)nranks);
}

/* what a rank knows at the end of a level, summed or min'ed over all */
enum { F_STATES, F_TRANS, F_NEXT, F_BOUND, F_CAP, F_LIMIT, F_MEM, F_BYTES,
	NFIG };

struct mpi_search {
	const struct model *m;
	const struct dfs_opts *o;
	struct dfs_result *res;
	struct fptable t;
	struct mlist cur, next, *out;	/* out[r]: children for rank r */
	struct mnode *nodes;		/* this rank's states' links */
	size_t nnodes, capnodes;
	int rank, nranks;
	bool found, nomem;
	uint32_t found_node;		/* the violation's node, if found */
};

/* a new node for an owned state, linked to where it came from */
static int
node_add(struct mpi_search *s, const struct mitem *x, uint32_t *id)
{
	if (s->nnodes == s->capnodes) {
		size_t cap = s->capnodes != 0 ? s->capnodes * 2 : 1024;
		struct mnode *nn;

		if (cap > UINT32_MAX ||
		    (nn = realloc(s->nodes, cap * sizeof(*nn))) == NULL)
			return -1;
		s->nodes = nn;
		s->capnodes = cap;
	}
	s->nodes[s->nnodes] = (struct mnode){ x->node, x->rank, x->tid,
	    x->choice };
	*id = (uint32_t)s->nnodes++;
	return 0;
}

/*
 * A new state of this rank's (its own child, or one received): store
 * it, check it, keep it for the next level.
 */
static void
own_state(struct mpi_search *s, const struct mitem *x, int depth)
{
	struct inv_violation v;
	struct fp_ref ref;
	uint32_t id;
	int fr = explore_table_lookup(&s->t, world_fingerprint(&x->w), 0, &ref,
	    s->res);

	if (fr == FP_FULL) {
		s->nomem = true;
		return;
	}
	if (fr == FP_FOUND || s->found)
		return;
	s->res->states++;
	if (depth > s->res->max_depth)
		s->res->max_depth = depth;
	if (node_add(s, x, &id) != 0) {
		s->nomem = true;
		return;
	}
	if (run_check_world(&x->w, s->m, &v) && explore_wanted(s->o, v.inv)) {
		explore_set_violation(s->res, &v);
		s->found_node = id;
		s->found = true;
		return;
	}
	if (mlist_push(&s->next, x) != 0)
		s->nomem = true;
	else
		s->next.it[s->next.n - 1].node = id;
}

/* expand one item of this rank's share of the level */
static void
expand(struct mpi_search *s, const struct mitem *x, int depth, int bound,
    struct world *w, struct mitem *tmp)
{
	uint8_t tids[MAX_THREADS];
	struct step_result r;
	int nt = enabled_threads(&x->w, s->m, tids);

	if (nt == 0) {
		if (world_capacity_hit(&x->w))
			s->res->capacity_hit = true;
		if (world_deadlocked(&x->w, s->m) &&
		    explore_wanted(s->o, INV_DEADLOCK) && !s->found) {
			explore_set_deadlock(s->res);
			s->found_node = x->node;
			s->found = true;
		}
		return;
	}
	if (depth >= bound) {
		s->res->bound_hit = true;
		return;
	}
	for (int k = 0; k < nt && !s->found && !s->nomem; k++) {
		for (int c = 0, nc = 0; c <= nc; c++) {
			int to;

			memcpy(w, &x->w, sizeof(*w));
			world_step(w, s->m, tids[k], c, &r);
			s->res->transitions++;
			if (c == 0)
				nc = r.nchoice;
			memcpy(&tmp->w, w, sizeof(*w));
			tmp->node = x->node;
			tmp->rank = (uint16_t)s->rank;
			tmp->tid = tids[k];
			tmp->choice = (uint8_t)c;
			to = owner(world_fingerprint(w), s->nranks);
			if (to == s->rank)
				own_state(s, tmp, depth + 1);
			else if (mlist_push(&s->out[to], tmp) != 0)
				s->nomem = true;
		}
	}
}

/* did any rank fail?  Every rank must call it at the same point */
static bool
any_rank(bool mine)
{
	int bad = mine, anybad;

	MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	return anybad != 0;
}

/*
 * Hand every rank the children it owns.  The items travel as bytes;
 * counts are ints, so a rank sends or receives at most INT_MAX bytes in
 * one level.  Every rank calls it every level, even one already out of
 * memory (failed): a failure anywhere (that, a count beyond INT_MAX, an
 * allocation) is agreed on before each collective, so that all ranks
 * return -1 together and none waits in a collective the others left.
 */
static int
exchange(struct mpi_search *s, struct mlist *in, bool failed)
{
	int n = s->nranks;
	int *sc = calloc((size_t)n * 4, sizeof(int));
	int *sd = NULL, *rc = NULL, *rd = NULL;
	char *sbuf = NULL;
	size_t total = 0, rtotal = 0, isz = sizeof(struct mitem);
	bool bad = failed || sc == NULL;
	int rv = -1;

	for (int r = 0; r < n && !bad; r++) {
		size_t b = s->out[r].n * isz;

		if (b > (size_t)INT_MAX - total)
			bad = true;
		else {
			sc[r] = (int)b;
			sc[n + r] = (int)total;
			total += b;
		}
	}
	if (!bad && total > 0 && (sbuf = malloc(total)) == NULL)
		bad = true;
	if (any_rank(bad))
		goto out;
	sd = sc + n;
	rc = sd + n;
	rd = rc + n;
	for (int r = 0; r < n; r++)
		if (sc[r] > 0)
			memcpy(sbuf + sd[r], s->out[r].it, (size_t)sc[r]);
	MPI_Alltoall(sc, 1, MPI_INT, rc, 1, MPI_INT, MPI_COMM_WORLD);
	for (int r = 0; r < n && !bad; r++) {
		if ((size_t)rc[r] > (size_t)INT_MAX - rtotal)
			bad = true;
		rd[r] = (int)rtotal;
		rtotal += (size_t)rc[r];
	}
	if (!bad && rtotal / isz > in->cap) {
		struct mitem *ni = realloc(in->it, rtotal);

		if (ni == NULL)
			bad = true;
		else {
			in->it = ni;
			in->cap = rtotal / isz;
		}
	}
	if (any_rank(bad))
		goto out;
	MPI_Alltoallv(sbuf, sc, sd, MPI_BYTE, in->it, rc, rd, MPI_BYTE,
	    MPI_COMM_WORLD);
	in->n = rtotal / isz;
	for (int r = 0; r < n; r++)
		s->out[r].n = 0;
	rv = 0;
out:
	free(sbuf);
	free(sc);
	return rv;
}

/*
 * The counterexample, read back along the links from the winner's
 * violating node: at each step the rank holding the node broadcasts its
 * link, and every rank follows it, until the initial world.
 */
static void
read_back(struct mpi_search *s, int winner)
{
	struct sched_choice *rev = s->res->sched.c;
	struct mnode cur = { s->found_node, (uint16_t)winner, 0, 0 };
	int n = 0;

	MPI_Bcast(&cur.node, sizeof(cur.node), MPI_BYTE, winner,
	    MPI_COMM_WORLD);
	for (;;) {
		struct mnode link = { 0, 0, 0, 0 };
		int holder = cur.rank;

		if (s->rank == holder)
			link = s->nodes[cur.node];
		MPI_Bcast(&link, sizeof(link), MPI_BYTE, holder,
		    MPI_COMM_WORLD);
		if (link.rank == NO_RANK || n == SCHED_MAX_STEPS)
			break;
		rev[n].tid = link.tid;
		rev[n].choice = link.choice;
		n++;
		cur = link;
	}
	/* read from the violation back: reverse in place */
	for (int i = 0; i < n / 2; i++) {
		struct sched_choice t = rev[i];

		rev[i] = rev[n - 1 - i];
		rev[n - 1 - i] = t;
	}
	s->res->sched.n = n;
}

/* the lowest rank that found a violation sends its result to all */
static void
share_verdict(struct mpi_search *s)
{
	int mine = s->found ? s->rank : s->nranks, winner;

	MPI_Allreduce(&mine, &winner, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
	if (winner == s->nranks)
		return;
	MPI_Bcast(&s->res->verdict, sizeof(s->res->verdict), MPI_BYTE, winner,
	    MPI_COMM_WORLD);
	MPI_Bcast(&s->res->inv, sizeof(s->res->inv), MPI_BYTE, winner,
	    MPI_COMM_WORLD);
	MPI_Bcast(&s->res->viol, sizeof(s->res->viol), MPI_BYTE, winner,
	    MPI_COMM_WORLD);
	read_back(s, winner);
	s->found = true;
}

bool
explore_mpi_available(void)
{
	return true;
}

int
explore_mpi_init(int *rank)
{
	int init = 0;

	MPI_Initialized(&init);
	if (!init && MPI_Init(NULL, NULL) != MPI_SUCCESS)
		return -1;
	MPI_Comm_rank(MPI_COMM_WORLD, rank);
	return 0;
}

int
explore_mpi(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	struct mpi_search s;
	struct explore_clock clk;
	struct mlist in = { 0 };
	struct world *w = malloc(sizeof(*w));
	struct mitem *tmp = malloc(sizeof(*tmp));
	int bound = explore_bound_depth(o), rc = -1, rank;
	uint64_t mine[NFIG], all[NFIG];

	if (explore_mpi_init(&rank) != 0) {
		free(tmp);
		free(w);
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.m = m;
	s.o = o;
	s.res = res;
	MPI_Comm_rank(MPI_COMM_WORLD, &s.rank);
	MPI_Comm_size(MPI_COMM_WORLD, &s.nranks);
	s.out = calloc((size_t)s.nranks, sizeof(*s.out));
	if (w == NULL || tmp == NULL || s.out == NULL ||
	    fptable_init(&s.t, o->max_memory) != 0)
		goto out;
	explore_clock_init(&clk, o, "mpi");
	res->jobs = s.nranks;
	res->verdict = VERDICT_CLEAN;
	world_init(w, m);
	if (owner(world_fingerprint(w), s.nranks) == s.rank) {
		memcpy(&tmp->w, w, sizeof(*w));
		tmp->node = 0;
		tmp->rank = NO_RANK;
		tmp->tid = tmp->choice = 0;
		own_state(&s, tmp, 0);
	}
	for (int depth = 0;; depth++) {
		struct mlist t = s.cur;

		s.cur = s.next;
		s.next = t;
		s.next.n = 0;
		for (size_t i = 0; i < s.cur.n && !s.found && !s.nomem; i++)
			expand(&s, &s.cur.it[i], depth, bound, w, tmp);
		in.n = 0;
		if (exchange(&s, &in, s.nomem) != 0)
			s.nomem = true;
		for (size_t i = 0; i < in.n && !s.found && !s.nomem; i++)
			own_state(&s, &in.it[i], depth + 1);
		share_verdict(&s);
		(void)explore_tick(&clk, res, depth + 1, s.next.n,
		    fptable_bytes(&s.t));
		mine[F_STATES] = res->states;
		mine[F_TRANS] = res->transitions;
		mine[F_NEXT] = s.next.n;
		mine[F_BOUND] = res->bound_hit;
		mine[F_CAP] = res->capacity_hit;
		mine[F_LIMIT] = res->limit_hit;
		mine[F_MEM] = s.nomem;
		mine[F_BYTES] = fptable_bytes(&s.t) + (s.cur.cap + s.next.cap +
		    in.cap) * sizeof(struct mitem) + s.capnodes *
		    sizeof(struct mnode);
		MPI_Allreduce(mine, all, NFIG, MPI_UINT64_T, MPI_SUM,
		    MPI_COMM_WORLD);
		if (s.found)
			break;
		if (all[F_MEM] != 0 || (o->max_memory != 0 &&
		    all[F_BYTES] / (uint64_t)s.nranks > o->max_memory)) {
			res->limit_hit = true;
			res->bound = BOUND_MEMORY;
			break;
		}
		if (all[F_LIMIT] != 0) {
			res->limit_hit = true;
			break;
		}
		if (o->max_states != 0 && all[F_STATES] >= o->max_states) {
			res->limit_hit = true;
			res->bound = BOUND_STATES;
			break;
		}
		if (all[F_NEXT] == 0)
			break;
	}
	/*
	 * The table's figures from this rank's own counts, then summed:
	 * each rank's table is separate, so the collision probabilities
	 * (of fingerprints compared within one table) add up.
	 */
	res->states = mine[F_STATES];
	res->transitions = mine[F_TRANS];
	explore_table_figures(res, &s.t);
	{
		double f[3] = { (double)res->table_bytes,
		    (double)res->table_slots, res->collision_prob }, sum[3];

		MPI_Allreduce(f, sum, 3, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
		res->table_bytes = (uint64_t)sum[0];
		res->table_slots = (uint64_t)sum[1];
		res->collision_prob = sum[2];
		res->bytes_per_state = res->bytes_per_state > 0 &&
		    all[F_STATES] > 0 ? sum[0] / (double)all[F_STATES] : 0;
	}
	/* the figures of the whole search, on every rank */
	res->states = all[F_STATES];
	res->transitions = all[F_TRANS];
	res->bound_hit = all[F_BOUND] != 0;
	res->capacity_hit = all[F_CAP] != 0;
	{
		int64_t d = res->max_depth, dmax;

		MPI_Allreduce(&d, &dmax, 1, MPI_INT64_T, MPI_MAX,
		    MPI_COMM_WORLD);
		res->max_depth = (int)dmax;
	}
	if (res->bound == BOUND_NONE && res->bound_hit)
		res->bound = BOUND_DEPTH;
	if (res->bound == BOUND_NONE && res->capacity_hit)
		res->bound = BOUND_CAPACITY;
	explore_clock_done(&clk, res);
	res->rank = s.rank;
	res->mpi = true;
	rc = 0;
out:
	fptable_free(&s.t);
	free(s.cur.it);
	free(s.next.it);
	free(s.nodes);
	free(in.it);
	for (int r = 0; s.out != NULL && r < s.nranks; r++)
		free(s.out[r].it);
	free(s.out);
	free(tmp);
	free(w);
	/* every rank ends its MPI here: the command goes on without it */
	MPI_Finalize();
	return rc;
}

#endif
