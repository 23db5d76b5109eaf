using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;
using ActOnSync.Infrastructure.Crm.Local;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>The built-in Local destination's leads and activities.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task A_lead_is_created_then_updated_with_merged_properties_and_one_activity_per_step_execution()
    {
        var firstStep = Guid.CreateVersion7();
        var created = await Leads.UpsertAsync(Destination, Delivery(firstStep, new() { ["email"] = "dana@example.com", ["phone"] = "555" }), T0, CancellationToken.None);
        var updated = await Leads.UpsertAsync(Destination, Delivery(Guid.CreateVersion7(), new() { ["email"] = "dana@example.com", ["company"] = "Acme" }), T0.AddMinutes(1), CancellationToken.None);
        var replayed = await Leads.UpsertAsync(Destination, Delivery(firstStep, new() { ["email"] = "dana@example.com" }), T0.AddMinutes(2), CancellationToken.None);

        Assert.True(created.Created);
        Assert.Equal((created.LeadId, false), (updated.LeadId, updated.Created));
        Assert.Equal(created.LeadId, replayed.LeadId);
        Assert.Equal(2, await CountAsync("local_activities", "lead_id = @Id", new { Id = created.LeadId }));
        Assert.Equal(new Dictionary<string, string> { ["email"] = "dana@example.com", ["phone"] = "555", ["company"] = "Acme" },
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(await PropertiesAsync(created.LeadId!)));
    }

    [SkippableFact]
    public async Task A_linked_lead_keeps_its_record_when_the_key_changes_and_a_taken_key_is_a_conflict()
    {
        var dana = await Leads.UpsertAsync(Destination, Delivery(Guid.CreateVersion7(), new() { ["email"] = "dana@example.com" }), T0, CancellationToken.None);
        var lee = await Leads.UpsertAsync(Destination, Delivery(Guid.CreateVersion7(), new() { ["email"] = "lee@example.com" }), T0, CancellationToken.None);
        var link = new CrmLink(LocalDestination.ObjectType, dana.LeadId!);

        var renamed = await Leads.UpsertAsync(Destination, Delivery(Guid.CreateVersion7(), new() { ["email"] = "dana.lee@example.com" }, link), T0, CancellationToken.None);
        var conflict = await Leads.UpsertAsync(Destination, Delivery(Guid.CreateVersion7(), new() { ["email"] = "lee@example.com" }, link), T0, CancellationToken.None);

        Assert.Equal((dana.LeadId, false, null), (renamed.LeadId, renamed.Created, renamed.Conflict));
        Assert.Null(conflict.LeadId);
        Assert.Contains(lee.LeadId!, conflict.Conflict);
        Assert.Equal(1, await CountAsync("local_leads", "id = @Id AND upsert_key = 'dana.lee@example.com'", new { Id = dana.LeadId }));
    }

    [SkippableFact]
    public async Task Concurrent_first_syncs_of_one_key_make_one_lead()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Leads.UpsertAsync(Destination, Delivery(Guid.CreateVersion7(), new() { ["email"] = "dana@example.com", [$"field{i}"] = "x" }), T0, CancellationToken.None))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.LeadId).Distinct());
        Assert.Equal(1, await CountAsync("local_leads"));
        Assert.Equal(12, await CountAsync("local_activities"));
        // Every event's properties survived the merges.
        Assert.Equal(13, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(await PropertiesAsync(results[0].LeadId!))!.Count);
    }

    private Task<string> PropertiesAsync(string leadId) =>
        ScalarAsync<string>("SELECT properties FROM local_leads WHERE id = @leadId", new { leadId });

    private static SyncDelivery Delivery(Guid stepExecutionId, Dictionary<string, string> fields, CrmLink? link = null) =>
        new(Guid.CreateVersion7(), stepExecutionId, "l-0001:1", "3", new MappedRecord(fields, "email", fields["email"]), link,
            new SyncActivity("Act-On: MQL handoff – Send to CRM", "Reached step 3", T0, "00-0001", "MQL handoff", "3", "Send to CRM", null, null));
}
