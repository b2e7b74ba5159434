/** The wizard's frame. Pages arrive with the desktop-app issue; this shows what the tool is for. */
export function App() {
  return (
    <main>
      <h1>HA Wizard</h1>
      <p>Turn several ProGet, BuildMaster or Otter servers into one high-availability cluster, and watch it.</p>
    </main>
  );
}
