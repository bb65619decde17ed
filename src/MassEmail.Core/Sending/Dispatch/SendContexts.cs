using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The per-send contexts of this process: built once per (send, template version) and shared by the send's batches
/// (lanes of one process included), instead of each batch reading the organisation, parsing the content and the
/// audience and setting up the composer again. A small cache: at most <see cref="Capacity"/> sends (the oldest built
/// is dropped first), each for at most <see cref="Lifetime"/>, so an edit of the organisation (its name or mailbox in
/// messages) reaches a running send within that time. The send's content and audience are frozen at start.
/// </summary>
public sealed class SendContexts(IOrganisationStore organisations, TemplateCompiler compiler, MessageComposer composer, TimeProvider time)
{
    public const int Capacity = 64;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private readonly Dictionary<(string SendId, long TemplateVersion), (SendContext Context, long BuiltAt)> built = [];

    /// <summary>Sends with a context now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return built.Count;
            }
        }
    }

    /// <summary>The send's context, built now if this process has none younger than <see cref="Lifetime"/>.</summary>
    public async Task<SendContext> GetAsync(MassSend send, CancellationToken ct)
    {
        var key = (send.Id, send.TemplateVersion);
        lock (gate)
        {
            if (built.TryGetValue(key, out var cached) && time.GetElapsedTime(cached.BuiltAt) < Lifetime)
            {
                return cached.Context;
            }
        }

        // Two batches may build the same context at once: the same result, and the later one is kept.
        var org = await organisations.GetAsync(send.OrgId, ct) ?? throw new InvalidOperationException($"organisation {send.OrgId} vanished");
        var content = SendContent.FromJson(send.ContentJson);
        var listId = AudienceJson.Deserialize(send.AudienceJson) is ListAudience l ? l.ListId : null;
        var context = new SendContext(org, content, listId, composer.For(send, content, compiler.GetOrCompile($"send:{send.Id}", content.Template), org));
        lock (gate)
        {
            if (built.Count >= Capacity && !built.ContainsKey(key))
            {
                built.Remove(built.MinBy(e => e.Value.BuiltAt).Key);
            }

            built[key] = (context, time.GetTimestamp());
        }

        return context;
    }
}
