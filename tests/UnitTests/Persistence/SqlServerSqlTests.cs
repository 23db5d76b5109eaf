using System.Reflection;
using ActOnSync.Application;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.SqlServer;
using ActOnSync.Infrastructure.Persistence.Stores;
using Microsoft.Extensions.Options;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ActOnSync.UnitTests.Persistence;

/// <summary>
/// No SQL Server runs on the build machines: every statement ActOnSync sends to it, and its
/// migrations, are parsed here with Microsoft's own T-SQL parser, and the locking hints that make
/// dedupe and leasing safe across instances are checked. (The store contract suite runs them
/// against a real server when ACTONSYNC_TEST_SQLSERVER is set.)
/// </summary>
public sealed class SqlServerSqlTests
{
    private static readonly SqlServerDatabase Database =
        new(Options.Create(new DatabaseOptions { ConnectionString = "Server=sql.example;Database=actonsync" }));

    private static readonly SqlServerDialect Dialect = new();

    public static TheoryData<string, string> Statements()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, sql) in StoreStatements().Concat(QueryStatements()))
            data.Add(name, sql);
        data.Add("Dialect.ClaimDueJobs", Dialect.ClaimDueJobs);
        data.Add("KeysetPage", $"SELECT id FROM sync_jobs WHERE id < @After ORDER BY id DESC {Dialect.Limit("@Take")}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Every_statement_is_valid_TSQL(string name, string sql)
    {
        Assert.True(Parse(sql).Count == 0, $"{name}: {string.Join("; ", Parse(sql).Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
    }

    [Fact]
    public void The_statements_cover_every_store()
    {
        var names = StoreStatements().Select(s => s.Name.Split('.')[0]).Distinct();
        Assert.Equal(["LocalLeadStore", "QuarantineStore", "StepExecutionStore", "SyncJobStore"], names.Order());
    }

    [Fact]
    public void The_migrations_are_valid_TSQL()
    {
        var assembly = typeof(SqlServerMigrator).Assembly;
        var scripts = assembly.GetManifestResourceNames().Where(n => n.Contains(".Persistence.SqlServer.Migrations.")).Order().ToList();

        Assert.Equal(3, scripts.Count);
        foreach (var script in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(script)!);
            var errors = Parse(reader.ReadToEnd());
            Assert.True(errors.Count == 0, $"{script}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}");
        }
    }

    [Fact]
    public void A_claim_leases_the_first_due_jobs_skipping_rows_other_instances_lock()
    {
        var sql = Normalize(Dialect.ClaimDueJobs);

        Assert.Contains("SELECT TOP (@Max) * FROM sync_jobs WITH (UPDLOCK, READPAST, ROWLOCK)", sql);
        Assert.Contains("ORDER BY next_attempt_at, id", sql);
        Assert.Contains("UPDATE due SET status = 'in_progress', lease_until = @LeaseUntil, lease_token = @Token", sql);
    }

    [Fact]
    public void Insert_if_absent_tests_each_unique_key_under_a_key_range_lock()
    {
        var sql = Dialect.InsertIfAbsent("step_executions", ["id", "message_id", "rec_id", "step_id"], ["message_id"], ["rec_id", "step_id"]);

        Assert.Equal(
            "INSERT INTO step_executions (id, message_id, rec_id, step_id) SELECT @Id, @MessageId, @RecId, @StepId " +
            "WHERE NOT EXISTS (SELECT 1 FROM step_executions WITH (UPDLOCK, HOLDLOCK) WHERE message_id = @MessageId) " +
            "AND NOT EXISTS (SELECT 1 FROM step_executions WITH (UPDLOCK, HOLDLOCK) WHERE rec_id = @RecId AND step_id = @StepId)", sql);
        Assert.Throws<ArgumentException>(() => Dialect.InsertIfAbsent("t", ["a"]));
    }

    [Fact]
    public void Reads_for_update_lock_the_rows_and_lists_are_capped_with_offset_fetch()
    {
        Assert.Equal("SELECT id FROM local_leads WITH (UPDLOCK, ROWLOCK) WHERE id = @Id", Dialect.SelectForUpdate("id", "local_leads", "id = @Id"));
        Assert.Equal("OFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY", Dialect.Limit("@Take"));
    }

    [Fact]
    public void A_connection_string_without_a_connect_timeout_gets_a_short_one()
    {
        Assert.Contains("Connect Timeout=5", SqlServerDatabase.WithDefaults("Server=sql.example;Database=actonsync"));
        Assert.Contains("Connect Timeout=30", SqlServerDatabase.WithDefaults("Server=sql.example;Database=actonsync;Connection Timeout=30"));
    }

    /// <summary>The SQL text held by each store once built for SQL Server (constants and dialect-built fields alike).</summary>
    private static IEnumerable<(string Name, string Sql)> StoreStatements()
    {
        var stores = typeof(StepExecutionStore).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(StepExecutionStore).Namespace && t is { IsClass: true, IsNested: false });
        foreach (var type in stores)
        {
            var constructor = type.GetConstructors().Single();
            var store = constructor.Invoke(constructor.GetParameters()
                .Select(p => p.ParameterType == typeof(TimeProvider) ? TimeProvider.System : (object)Database).ToArray());
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.NonPublic)
                         .Where(f => f.FieldType == typeof(string) && f.Name.EndsWith("Sql", StringComparison.Ordinal)))
                yield return ($"{type.Name}.{field.Name}", (string)(field.IsLiteral ? field.GetRawConstantValue()! : field.GetValue(field.IsStatic ? null : store)!));
        }
    }

    /// <summary>The read side's SQL constants (the queries in Application).</summary>
    private static IEnumerable<(string Name, string Sql)> QueryStatements() =>
        typeof(IApplicationMarker).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Sql", StringComparison.Ordinal))
                .Select(f => ($"{t.Name}.{f.Name}", (string)f.GetRawConstantValue()!)));

    private static IList<ParseError> Parse(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return errors;
    }

    private static string Normalize(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
