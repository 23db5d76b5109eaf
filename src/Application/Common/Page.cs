namespace ActOnSync.Application.Common;

/// <summary>One page of a keyset-paged list; <see cref="Next"/> is the <c>after</c> of the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Fetch one row more than asked, then call this: the extra row only says a next page exists.</summary>
    public static Page<T> FromOverfetch(IReadOnlyList<T> rows, int limit, Func<T, string> key) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), key(rows[limit - 1]))
            : new Page<T>(rows, null);
}
