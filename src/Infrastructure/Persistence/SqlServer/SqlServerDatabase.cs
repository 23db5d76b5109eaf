using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Options;

namespace ActOnSync.Infrastructure.Persistence.SqlServer;

/// <summary>SQL Server or Azure SQL (the design's production database); several instances may share the database.</summary>
public sealed class SqlServerDatabase : Database
{
    public SqlServerDatabase(IOptions<DatabaseOptions> options) : base(new SqlServerDialect()) =>
        ConnectionString = WithDefaults(options.Value.ConnectionString);

    public string ConnectionString { get; }

    public static string WithDefaults(string connectionString)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        if (!ConnectionStrings.Sets(connectionString, "Connect Timeout", "Connection Timeout", "Timeout"))
            builder.ConnectTimeout = ConnectionStrings.DefaultConnectTimeoutSeconds;
        return builder.ToString();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override bool IsTransient(DbException ex) => ex is SqlException sql && SqlServerFaults.IsTransient(ErrorNumbers(sql));

    protected override bool RefusesAccess(DbException ex) => ex is SqlException sql && SqlServerFaults.RefusesAccess(ErrorNumbers(sql));

    private static IEnumerable<int> ErrorNumbers(SqlException ex) => ex.Errors.Cast<SqlError>().Select(e => e.Number);
}
