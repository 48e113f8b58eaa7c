/** A spinner that always says what is happening (announced politely to screen readers). */
export function Busy({ label, testId }: { label: string; testId?: string }) {
  return (
    <div className="busy" role="status" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
