using Dapper;

namespace ActOnSync.Application.Common;

/// <summary>
/// The list queries' shared shape: optional filters, newest first by id (time-ordered UUIDv7),
/// keyset-paged with <c>after</c>, one row over-fetched to know whether a next page exists.
/// </summary>
internal static class KeysetPage
{
    /// <param name="filters">SQL conditions; null entries (filters not asked for) are left out.</param>
    /// <param name="parameters">The filters' parameters, by the names the conditions use.</param>
    public static async Task<Page<T>> QueryAsync<T>(ISqlConnectionFactory connections, string columns, string table,
        IEnumerable<string?> filters, object parameters, Guid? after, int limit, Func<T, string> id, CancellationToken cancellationToken)
    {
        var conditions = filters.OfType<string>().ToList();
        if (after is not null)
            conditions.Add("id < @After");
        var sql = $"""
            SELECT {columns} FROM {table}
            {(conditions.Count > 0 ? "WHERE " + string.Join(" AND ", conditions) : "")}
            ORDER BY id DESC {connections.Limit("@Take")}
            """;
        var all = new DynamicParameters(parameters);
        all.Add("After", after?.ToString());
        all.Add("Take", limit + 1);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<T>(new CommandDefinition(sql, all, cancellationToken: cancellationToken))).AsList();
        return Page<T>.FromOverfetch(rows, limit, id);
    }
}
