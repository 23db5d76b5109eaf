using System.Collections.Concurrent;
using System.Net;
using ActOnSync.IntegrationTests.Support;
using ActOnSync.IntegrationTests.Sync;
using Dapper;
using Npgsql;

namespace ActOnSync.IntegrationTests.Hosting;

/// <summary>Scaling out: two instances behind a load balancer share one PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstancesTests(PostgresCluster cluster)
{
    private const int Events = 2_000;

    [SkippableFact]
    public async Task Two_instances_store_each_event_once_and_deliver_each_job_once()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var target = await ScriptedTarget.StartAsync(WebhookSyncTest.HookSecret);
        var settings = WebhookSyncTest.Settings(target.Url);
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:ActOnSync"] = connectionString;
        // Started together: their migrations take turns behind an advisory lock.
        var hosts = await Task.WhenAll(Task.Run(() => new ActOnSyncHost(settings)), Task.Run(() => new ActOnSyncHost(settings)));
        try
        {
            var clients = hosts.Select(h => h.CreateClient()).ToArray();
            var answers = new ConcurrentBag<(int Event, HttpStatusCode[] Statuses)>();

            // Each event goes to one instance while its duplicate goes to the other at the same
            // moment: half retry the message id, half come under a new one (the same contact and step).
            await Parallel.ForEachAsync(Enumerable.Range(0, Events), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, _) =>
            {
                var body = Deliveries.Body(recId: $"l-{i}:1", stepId: "3", email: $"contact{i}@example.com");
                var messageId = Deliveries.NewMessageId();
                var responses = await Task.WhenAll(
                    clients[i % 2].SendAsync(Deliveries.Signed(body, messageId)),
                    clients[(i + 1) % 2].SendAsync(Deliveries.Signed(body, i % 4 < 2 ? messageId : null)));
                answers.Add((i, responses.Select(r => r.StatusCode).Order().ToArray()));
            });

            Assert.All(answers, a => Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Accepted], a.Statuses));
            await using var db = new NpgsqlConnection(connectionString);
            Assert.Equal(Events, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM step_executions"));
            Assert.Equal(Events, await db.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT (rec_id, step_id)) FROM step_executions"));
            Assert.Equal(Events, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sync_jobs WHERE destination = 'hook'"));

            await Eventually.HoldsAsync(() => db.ExecuteScalar<long>("SELECT COUNT(*) FROM sync_jobs WHERE status = 'delivered'") == Events,
                "every job delivered", TimeSpan.FromSeconds(90));
            Assert.Equal(Events, target.Requests.Count);
            Assert.Equal(Events, target.Requests.Select(r => r.WebhookId).Distinct().Count());
            Assert.All(target.EffectiveDeliveries.Values, count => Assert.Equal(1, count));
            Assert.Equal(Events, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sync_attempts"));
        }
        finally
        {
            foreach (var host in hosts)
                host.Dispose();
        }
    }
}
