import HTTPTypes

// The stage cache ("Enabling API caching to enhance responsiveness" in the API Gateway developer
// guide): endpoint responses kept by method and key parameters for the method's TTL, looked up after
// the method request (authorization, keys, throttling, validation) and before the integration is called.
extension Exchange {
    /// Works out this request's cache key, and what its `Cache-Control: max-age=0` asks and may do.
    func prepareCache(_ method: CompiledMethod) throws(GatewayFailure) {
        guard let policy = method.cache, gateway.storage.responseCache != nil else { return }
        var key = policy.prefix
        for (name, source) in policy.keys {
            key += "\u{1F}" + name + "=" + (requestValue(source) ?? "")
        }
        cacheKey = key
        guard Self.asksToInvalidate(request.headers[values: .cacheControl]) else { return }
        // An IAM-signed caller counts as authorized to invalidate (our choice: `execute-api:InvalidateCache`
        // is an IAM policy on the caller, which Tollgate does not hold).
        if !policy.requireAuthorization || authorization?.iam != nil {
            note("Cache-Control: max-age=0: the cached response for this request is replaced")
            cacheRefresh = true
            return
        }
        switch policy.strategy {
        case .failWith403:
            note("Cache-Control: max-age=0 from a caller not authorized to invalidate the cache")
            throw GatewayFailure(.accessDenied)
        case .succeedWithResponseHeader:
            note("Cache-Control: max-age=0 ignored: the caller is not authorized to invalidate the cache")
            trace.cacheWarning = true
        case .succeedWithoutResponseHeader:
            note("Cache-Control: max-age=0 ignored: the caller is not authorized to invalidate the cache")
        }
    }

    /// Whether `Cache-Control` values carry `max-age=0`.
    static func asksToInvalidate(_ values: [String]) -> Bool {
        values.contains { value in
            value.split(separator: ",").contains { directive in
                directive.lowercased().filter { $0 != " " && $0 != "\t" } == "max-age=0"
            }
        }
    }

    /// The cached answer for this request, when its method caches and a fresh one is kept; counts the
    /// hit or the miss.
    func cachedAnswer() -> CachedAnswer? {
        guard let cacheKey, let cache = gateway.storage.responseCache else { return nil }
        if !cacheRefresh, let answer = cache.value(for: cacheKey, now: context.monotonicNanoseconds) {
            trace.cacheHit = true
            note("Sending the cached endpoint response")
            return answer
        }
        trace.cacheHit = false
        return nil
    }

    /// Keeps `answer` for the method's TTL (2xx answers of at most 1 MB: our choice of what is worth keeping).
    func storeAnswer(_ answer: CachedAnswer, status: Int) {
        guard let cacheKey, let cache = gateway.storage.responseCache, let policy = method?.cache, (200..<300).contains(status) else { return }
        if cache.insert(answer, for: cacheKey, expires: context.monotonicNanoseconds &+ policy.ttlNanoseconds) {
            note("Endpoint response cached for \(policy.ttlSeconds) seconds")
        }
    }

    /// An HTTP endpoint's or AWS service's answer: from the cache, else from `call` (then kept).
    func cachedHTTPCall(_ call: () async throws(IntegrationError) -> IntegrationHTTPResponse) async throws(GatewayFailure) -> IntegrationHTTPResponse
    {
        if case .http(let answer)? = cachedAnswer() { return answer }
        let answer = try await integrationCall(call)
        noteIntegrationStatus(answer.status)
        storeAnswer(.http(answer), status: answer.status)
        return answer
    }
}
