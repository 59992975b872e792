export function App() {
  return (
    <main>
      <h1>netpol-viz</h1>
      <p>Who can talk to whom in a Cilium cluster, and why.</p>
    </main>
  );
}
