using ActOnSync.Infrastructure.Persistence.SqlServer;

namespace ActOnSync.UnitTests.Persistence;

public sealed class SqlServerFaultsTests
{
    [Theory]
    [InlineData(-2)]    // timeout
    [InlineData(1205)]  // deadlock victim
    [InlineData(40613)] // Azure SQL database not available (failover)
    [InlineData(40501)] // Azure SQL service busy
    [InlineData(10054)] // connection reset
    [InlineData(4060)]  // cannot open database
    public void Outages_and_lost_races_are_retried(int number) => Assert.True(SqlServerFaults.IsTransient([number]));

    [Theory]
    [InlineData(2627)] // unique key violation: a bug or a real duplicate, not a blip
    [InlineData(547)]  // foreign key violation
    [InlineData(208)]  // invalid object name: the schema is missing
    [InlineData(18456)] // login failed
    [InlineData(2628)] // string would be truncated
    public void Errors_that_a_retry_would_repeat_are_not(int number) => Assert.False(SqlServerFaults.IsTransient([number]));

    [Theory]
    [InlineData(18456)] // login failed
    [InlineData(18488)] // password must be changed
    [InlineData(916)]   // the login cannot access the database
    public void A_refused_login_is_an_outage_to_report_not_to_retry(int number) =>
        Assert.Equal((true, false), (SqlServerFaults.RefusesAccess([number]), SqlServerFaults.IsTransient([number])));

    [Theory]
    [InlineData(2627)]
    [InlineData(1205)]
    [InlineData(208)]
    public void Other_errors_are_not_refused_logins(int number) => Assert.False(SqlServerFaults.RefusesAccess([number]));

    [Fact]
    public void One_transient_error_among_several_makes_the_exception_transient()
    {
        Assert.True(SqlServerFaults.IsTransient([3621, 1205]));
        Assert.False(SqlServerFaults.IsTransient([]));
    }
}
