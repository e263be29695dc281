document.getElementById('root')!.textContent = 'Parley editor — coming soon';
