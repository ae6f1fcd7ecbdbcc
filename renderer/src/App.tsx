export function App() {
  return <div>billrecon</div>;
}
