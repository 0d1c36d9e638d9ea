import Synchronization
import TollgateRateLimit

/// The tokens this process holds of shared buckets (``PostgresRateLimitStore/Configuration/sharedBucketBatch``),
/// by layer and settings, each batch with the time it must be spent by.
final class LocalShares: Sendable {
    private let batches = Mutex<[String: (tokens: UInt64, expires: Int64)]>([:])

    private static func name(_ charge: RateLimitCharge) -> String { charge.layer + "\u{0}" + PostgresRateLimitStore.settings(charge.limit) }

    /// Takes the charge's cost from a batch that is still good at `now`.
    func take(_ charge: RateLimitCharge, at now: Int64) -> Bool {
        let name = Self.name(charge)
        return batches.withLock { batches in
            guard let batch = batches[name] else { return false }
            guard now < batch.expires, batch.tokens >= charge.cost else {
                if now >= batch.expires { batches[name] = nil }
                return false
            }
            batches[name] = (batch.tokens - charge.cost, batch.expires)
            return true
        }
    }

    /// A new batch: what the lease took beyond the request's cost, to spend until `until`. Added to
    /// a batch still good at `now` (several requests may lease at once), all then spent by the earlier
    /// time, so that no token outlives its lease.
    func lease(_ charge: RateLimitCharge, tokens: UInt64, now: Int64, until: Int64) {
        let name = Self.name(charge)
        batches.withLock { batches in
            if let batch = batches[name], batch.expires > now {
                batches[name] = (batch.tokens + tokens, min(batch.expires, until))
            } else {
                batches[name] = (tokens, until)
            }
        }
    }

    /// Gives back a cost taken from a batch (another layer denied the request); dropped if the batch is gone.
    func refund(_ charge: RateLimitCharge) {
        let name = Self.name(charge)
        batches.withLock { batches in
            if let batch = batches[name] { batches[name] = (batch.tokens + charge.cost, batch.expires) }
        }
    }
}
