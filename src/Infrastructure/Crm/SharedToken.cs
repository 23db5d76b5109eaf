using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>
/// An OAuth access token shared by every call of one destination. It is requested when first
/// needed or when no longer fresh, and renewed when the CRM refuses it: once, however many calls
/// were refused together (the first renews, the others take the token it got).
/// </summary>
internal sealed class SharedToken<T>(Func<CancellationToken, Task<T>> request, Func<T, bool> isFresh) where T : class
{
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile T? _current;

    /// <exception cref="TokenUnavailableException">The token endpoint gave no token.</exception>
    public async Task<T> CurrentAsync(CancellationToken cancellationToken) =>
        _current is { } token && isFresh(token) ? token : await RenewAsync(_ => false, cancellationToken);

    /// <param name="isRejected">Whether a token is the one the CRM refused.</param>
    /// <exception cref="TokenUnavailableException">The token endpoint gave no token.</exception>
    public async Task<T> RenewAsync(Func<T, bool> isRejected, CancellationToken cancellationToken)
    {
        await _renewal.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } token && !isRejected(token) && isFresh(token))
                return token;
            return _current = await request(cancellationToken);
        }
        finally
        {
            _renewal.Release();
        }
    }
}

/// <summary>No token could be had; <see cref="Outcome"/> is what the delivery comes to.</summary>
public sealed class TokenUnavailableException(SyncOutcome outcome) : Exception(outcome.Message)
{
    public SyncOutcome Outcome { get; } = outcome;
}
