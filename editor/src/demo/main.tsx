document.getElementById('root')!.textContent = 'Parley demo shop — coming soon';
