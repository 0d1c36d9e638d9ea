import PostgresNIO

/// The table and function ``PostgresRateLimitStore`` keeps its state in, created on first use or by
/// `tollgate db migrate`. Idempotent: every statement can run again on a database that has them.
///
/// One row per layer and key. A decision is one call of `tollgate_decide`, one statement and so one
/// transaction: it creates the rows the charges name that are not there yet, then locks and reads
/// them all, both in (layer, key) order so that concurrent decisions never deadlock; then, once each
/// layer has been worked out in the order given exactly as `InMemoryRateLimitStore` does, one update
/// of them all, only when every layer allowed the request (all or none, with no refunds).
/// It returns `[-1, tokens taken per charge…]`, or `[index]`, the 0-based index of the charge that
/// denied. A `lease` charge (a batch for a store's local share of a hot bucket) takes as many
/// tokens as the bucket holds, up to its most, if it holds at least its cost.
///
/// Time is the caller's, but never later than the database server's clock (`least(caller,
/// clock_timestamp())`): an instance whose clock runs fast gets no tokens early and cannot roll a
/// quota into its next period before the server has; one whose clock runs slow sees fewer tokens,
/// and a quota row another instance already moved to a newer period is counted in that period.
enum RateLimitSchema {
    static let table = "tollgate_rate_limits"

    static let statements: [String] = [
        """
        CREATE TABLE IF NOT EXISTS tollgate_rate_limits (
            layer text NOT NULL,
            key text NOT NULL,
            -- The layer's settings when the row was written; a charge with others starts afresh.
            settings text NOT NULL DEFAULT '',
            -- Token bucket: the GCRA theoretical arrival time in scaled units (rate numerator per ns);
            -- a bucket that does not refill: the tokens used. NULL: a full bucket.
            tat numeric,
            -- Quota: the counted period's start (seconds since the epoch) and the requests counted in it.
            period_start bigint,
            used bigint,
            -- Rate-based rule: the times (ns) of the last limit + 1 counted requests, oldest first.
            times bigint[],
            -- Nanoseconds since the epoch from which the row equals a fresh one (swept after).
            expires_at bigint NOT NULL DEFAULT 9223372036854775807,
            PRIMARY KEY (layer, key)
        )
        """,
        "CREATE INDEX IF NOT EXISTS tollgate_rate_limits_expiry ON tollgate_rate_limits (expires_at)",
        """
        CREATE OR REPLACE FUNCTION tollgate_decide(
            p_layers text[], p_keys text[], p_kinds text[], p_settings text[], p_costs bigint[],
            p_a numeric[], p_b numeric[], p_c numeric[], p_d numeric[], p_e numeric[], p_now bigint
        ) RETURNS bigint[] LANGUAGE plpgsql AS $$
        DECLARE
            n integer := coalesce(array_length(p_layers, 1), 0);
            now_ns bigint := least(p_now, (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint);
            -- The rows, as locked and read, then as they will be written: layer, key, settings, tat,
            -- period start, used, times (as text: arrays of arrays must be rectangular), expiry.
            rl text[] := '{}'; rk text[] := '{}'; rs text[] := '{}'; rt numeric[] := '{}';
            rp bigint[] := '{}'; ru bigint[] := '{}'; rr text[] := '{}'; re bigint[] := '{}';
            m integer := 0;
            wanted integer;
            attempt integer;
            taken bigint[] := '{}';
            r tollgate_rate_limits%ROWTYPE;
            i integer; j integer; k integer;
            v_tat numeric; v_ps bigint; v_used bigint; v_times bigint[];
            cost bigint; nn numeric; nxt numeric; expiry bigint;
            secs bigint; days bigint; wd bigint; ps_now bigint; lim numeric; counted integer; allowed boolean;
        BEGIN
            -- Rows not there yet are made (full), then every row is locked and read, both in (layer,
            -- key) order. (An upsert that locked and read in one statement wrote a new version of each
            -- row on every decision; this writes only the new states, at the end.)
            SELECT count(*) INTO wanted FROM (SELECT DISTINCT l, k2 FROM unnest(p_layers, p_keys) AS u(l, k2)) AS w;
            -- (Again if a sweep deleted a row in between: it was equal to a fresh one.)
            FOR attempt IN 1 .. 3 LOOP
                INSERT INTO tollgate_rate_limits (layer, key)
                    SELECT DISTINCT l, k2 FROM unnest(p_layers, p_keys) AS u(l, k2) ORDER BY l, k2
                    ON CONFLICT (layer, key) DO NOTHING;
                m := 0;
                FOR r IN
                    SELECT t.* FROM tollgate_rate_limits AS t
                    JOIN (SELECT DISTINCT l, k2 FROM unnest(p_layers, p_keys) AS u(l, k2)) AS w ON t.layer = w.l AND t.key = w.k2
                    ORDER BY t.layer, t.key
                    FOR UPDATE OF t
                LOOP
                    m := m + 1;
                    rl[m] := r.layer; rk[m] := r.key; rs[m] := r.settings; rt[m] := r.tat;
                    rp[m] := r.period_start; ru[m] := r.used; rr[m] := r.times::text; re[m] := r.expires_at;
                END LOOP;
                EXIT WHEN m = wanted;
            END LOOP;
            IF m <> wanted THEN RAISE EXCEPTION 'tollgate_decide: rows kept disappearing'; END IF;
            FOR i IN 1 .. n LOOP
                j := 1;
                WHILE rl[j] <> p_layers[i] OR rk[j] <> p_keys[i] LOOP j := j + 1; END LOOP;
                IF rs[j] = p_settings[i] THEN
                    v_tat := rt[j]; v_ps := rp[j]; v_used := ru[j]; v_times := rr[j]::bigint[];
                ELSE
                    v_tat := NULL; v_ps := NULL; v_used := NULL; v_times := NULL;
                END IF;
                cost := p_costs[i];
                IF p_kinds[i] = 'bucket' OR p_kinds[i] = 'lease' THEN
                    -- a = one token (scaled), b = a full bucket (scaled), c = the scale, d = burst;
                    -- a lease (e = the most to take) takes as many tokens as there are, up to e, if
                    -- there are at least cost.
                    IF cost > p_d[i] THEN RETURN ARRAY[i - 1]::bigint[]; END IF;
                    IF p_a[i] = 0 THEN
                        IF p_kinds[i] = 'lease' THEN cost := least(p_e[i], p_d[i] - coalesce(v_tat, 0))::bigint; END IF;
                        nxt := coalesce(v_tat, 0) + cost;
                        IF cost < p_costs[i] OR nxt > p_d[i] THEN RETURN ARRAY[i - 1]::bigint[]; END IF;
                        v_tat := nxt; expiry := 9223372036854775807;
                    ELSE
                        nn := now_ns::numeric * p_c[i];
                        IF p_kinds[i] = 'lease' THEN
                            cost := least(p_e[i], floor((p_b[i] - (greatest(coalesce(v_tat, nn), nn) - nn)) / p_a[i]))::bigint;
                        END IF;
                        nxt := greatest(coalesce(v_tat, nn), nn) + cost * p_a[i];
                        IF cost < p_costs[i] OR nxt - nn > p_b[i] THEN RETURN ARRAY[i - 1]::bigint[]; END IF;
                        v_tat := nxt; expiry := least(ceil(nxt / p_c[i]), 9223372036854775807)::bigint;
                    END IF;
                ELSIF p_kinds[i] = 'quota' THEN
                    -- a = limit, b = offset, c = the initial period's start, d = 0 day 1 week 2 month, e = week start.
                    secs := floor(now_ns::numeric / 1000000000)::bigint;
                    days := floor(secs::numeric / 86400)::bigint;
                    IF p_d[i] = 0 THEN
                        ps_now := days * 86400;
                    ELSIF p_d[i] = 1 THEN
                        wd := ((days + 4) % 7 + 7) % 7;
                        ps_now := (days - ((wd - p_e[i]::bigint) % 7 + 7) % 7) * 86400;
                    ELSE
                        ps_now := extract(epoch FROM date_trunc('month', to_timestamp(secs) AT TIME ZONE 'UTC'))::bigint;
                    END IF;
                    IF v_ps IS NOT NULL AND v_ps > ps_now THEN ps_now := v_ps; END IF;
                    IF v_ps IS NULL OR v_ps <> ps_now THEN v_used := 0; END IF;
                    v_ps := ps_now;
                    lim := CASE WHEN v_ps = p_c[i] THEN p_a[i] - least(p_b[i], p_a[i]) ELSE p_a[i] END;
                    IF v_used + cost > lim THEN RETURN ARRAY[i - 1]::bigint[]; END IF;
                    v_used := v_used + cost;
                    IF p_d[i] = 0 THEN
                        expiry := (v_ps + 86400) * 1000000000;
                    ELSIF p_d[i] = 1 THEN
                        expiry := (v_ps + 7 * 86400) * 1000000000;
                    ELSE
                        expiry := extract(epoch FROM (to_timestamp(v_ps) AT TIME ZONE 'UTC') + interval '1 month')::bigint * 1000000000;
                    END IF;
                ELSE
                    -- Rate-based rule: a = limit, b = window (ns), c = 1 when blocked requests count.
                    v_times := coalesce(v_times, '{}');
                    counted := 0;
                    FOR k IN REVERSE coalesce(array_upper(v_times, 1), 0) .. 1 LOOP
                        IF v_times[k] > now_ns - p_b[i] AND v_times[k] <= now_ns THEN
                            counted := counted + 1;
                        ELSIF v_times[k] <= now_ns - p_b[i] THEN
                            EXIT;
                        END IF;
                    END LOOP;
                    allowed := counted + 1 <= p_a[i];
                    IF allowed OR p_c[i] = 1 THEN
                        v_times := v_times || now_ns;
                        IF array_length(v_times, 1) > p_a[i] + 1 THEN
                            v_times := v_times[array_length(v_times, 1) - p_a[i]::integer : array_length(v_times, 1)];
                        END IF;
                    END IF;
                    expiry := coalesce(v_times[array_upper(v_times, 1)], now_ns) + p_b[i]::bigint;
                    IF NOT allowed THEN
                        -- The blocked request counts (countBlocked) though nothing else is charged.
                        IF p_c[i] = 1 THEN
                            UPDATE tollgate_rate_limits SET settings = p_settings[i], times = v_times, tat = NULL,
                                period_start = NULL, used = NULL, expires_at = expiry
                            WHERE layer = p_layers[i] AND key = p_keys[i];
                        END IF;
                        RETURN ARRAY[i - 1]::bigint[];
                    END IF;
                END IF;
                taken[i] := cost;
                rs[j] := p_settings[i]; rt[j] := v_tat; rp[j] := v_ps; ru[j] := v_used; rr[j] := v_times::text; re[j] := expiry;
            END LOOP;
            UPDATE tollgate_rate_limits AS t
                SET settings = u.s, tat = u.tt, period_start = u.ps, used = u.us, times = u.tm::bigint[], expires_at = u.e
                FROM unnest(rl, rk, rs, rt, rp, ru, rr, re) AS u(l, k, s, tt, ps, us, tm, e)
                WHERE t.layer = u.l AND t.key = u.k;
            RETURN ARRAY[-1::bigint] || taken;
        END
        $$
        """,
    ]
}
