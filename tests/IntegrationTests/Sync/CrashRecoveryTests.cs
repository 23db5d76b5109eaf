using ActOnSync.IntegrationTests.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>A service killed in the middle of deliveries loses no job: another picks them up when their lease ends.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Events = 6;
    private readonly string _folder = Directory.CreateTempSubdirectory("actonsync-crash-").FullName;
    private ScriptedTarget _target = null!;

    private string DatabasePath => Path.Combine(_folder, "actonsync.db");

    public async Task InitializeAsync() => _target = await ScriptedTarget.StartAsync(WebhookSyncTest.HookSecret);

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ServiceProcess StartService() => new(new Dictionary<string, string>
    {
        ["ConnectionStrings__ActOnSync"] = $"Data Source={DatabasePath}",
        ["Webhooks__SigningSecrets__0"] = ActOnSyncHost.Secret,
        ["Admin__ApiKey"] = ActOnSyncHost.AdminKey,
        ["Destinations__local__Enabled"] = "false",
        ["Destinations__hook__Type"] = "Webhook",
        ["Destinations__hook__Url"] = _target.Url.AbsoluteUri,
        ["Destinations__hook__Secret"] = WebhookSyncTest.HookSecret,
        ["Destinations__hook__UpsertKey"] = "email",
        ["Destinations__hook__Fields__email__From"] = "E-mail Address",
        ["Sync__PollIntervalSeconds"] = "0.05",
        ["Sync__RequestTimeoutSeconds"] = "2",
        ["Sync__LeaseSeconds"] = "6",
    });

    private long Count(string where)
    {
        using var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        return db.ExecuteScalar<long>($"SELECT COUNT(*) FROM sync_jobs WHERE {where}");
    }

    [Fact]
    public async Task Jobs_in_flight_when_the_process_is_killed_are_delivered_by_the_next_one_once_in_effect()
    {
        // The first deliveries hang, so the process dies while it holds them under lease.
        _target.Script(Enumerable.Repeat(new TargetAnswer(200, Delay: TimeSpan.FromSeconds(30)), 4).ToArray());
        using (var first = StartService())
        {
            using var client = new HttpClient { BaseAddress = await first.WaitUntilListeningAsync(TimeSpan.FromSeconds(60)) };
            for (var i = 0; i < Events; i++)
                await client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: $"l-{i}:1", email: $"c{i}@example.com")));
            await Eventually.HoldsAsync(() => _target.Requests.Count >= 4, "deliveries are in flight");
            first.Kill();
        }
        Assert.True(Count("status = 'in_progress'") > 0, "the killed process held jobs under lease");
        Assert.Equal(Events, Count("1 = 1"));

        using var second = StartService();
        await Eventually.HoldsAsync(() => Count("status = 'delivered'") == Events, "every job is delivered", TimeSpan.FromSeconds(60));

        Assert.Equal(Events, _target.EffectiveDeliveries.Count);
        Assert.All(_target.EffectiveDeliveries.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, Count("status <> 'delivered'"));
    }
}
