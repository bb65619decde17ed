namespace MassEmail.Core.Sending.Individual;

/// <summary>The stored email after the call; <paramref name="Replayed"/> when an earlier call with the key did the work.</summary>
public sealed record SendEmailResult(IndividualEmail Email, bool Replayed);
